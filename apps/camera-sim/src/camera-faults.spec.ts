import { InvalidFaultsError, validateFaultsPatch } from './camera-faults';

describe('RTSP fault modes from the control API', () => {
  it('takes an RTSP redirect target and a literal stream address, odd ones included, and null to clear them', () => {
    expect(validateFaultsPatch({ rtspRedirect: 'rtsp://127.0.0.1:9/x', streamUri: 'rtsp:10.0.0.5:554/x' })).toEqual({
      rtspRedirect: 'rtsp://127.0.0.1:9/x',
      streamUri: 'rtsp:10.0.0.5:554/x',
    });
    expect(validateFaultsPatch({ rtspRedirect: null, streamUri: null })).toEqual({ rtspRedirect: null, streamUri: null });
  });

  it('refuses values that are not strings or are too long', () => {
    expect(() => validateFaultsPatch({ rtspRedirect: 302 })).toThrow(InvalidFaultsError);
    expect(() => validateFaultsPatch({ streamUri: 'x'.repeat(5000) })).toThrow(/at most 4096/);
  });
});
