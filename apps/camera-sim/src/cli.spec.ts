import { CliUsageError, parseCliArgs } from './cli';

describe('parseCliArgs', () => {
  it('reads the documented flags', () => {
    expect(
      parseCliArgs([
        '--cameras',
        '200',
        '--base-port',
        '0',
        '--json',
        '--no-video',
        '--shared-stream',
        '--motion-every',
        '10s',
        '--motion-length',
        '3s',
        '--camera-password',
        '7=seven',
        '--control-port',
        'off',
      ]),
    ).toEqual({
      json: true,
      help: false,
      simulator: {
        cameras: 200,
        basePort: 0,
        video: false,
        sharedStream: true,
        motionEveryMs: 10_000,
        motionLengthMs: 3000,
        credentials: { 7: { password: 'seven' } },
        controlPort: null,
      },
    });
  });

  it('reads how many cameras stream video (the rest are event-only)', () => {
    expect(parseCliArgs(['--cameras', '350', '--video-cameras', '5']).simulator).toEqual({ cameras: 350, videoCameras: 5 });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseCliArgs(['--cameras', 'many'])).toThrow(
      new CliUsageError('--cameras must be an integer from 1 to 10000, not "many"'),
    );
    expect(() => parseCliArgs(['--motion-every', '1s', '--motion-length', '2s'])).toThrow(/--motion-length must be shorter/);
    expect(() => parseCliArgs(['--camera-password', '3=x'])).toThrow(/names camera 3/);
    expect(() => parseCliArgs(['--base-port', '65530', '--cameras', '10'])).toThrow(/no room/);
    expect(() => parseCliArgs(['--frobnicate'])).toThrow(/unknown option/);
    expect(() => parseCliArgs(['--cameras', '3', '--video-cameras', '4'])).toThrow(/more than the 3 cameras/);
  });
});
