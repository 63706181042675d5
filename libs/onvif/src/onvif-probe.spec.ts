import { eventServicePath, isPathOnHost, ProbeError } from './onvif-probe';

describe('the event service path the probe stores (F14: it is later put after the enrolled host and port)', () => {
  it('keeps an absolute path and its query', () => {
    expect(eventServicePath({ path: '/onvif/Events' })).toBe('/onvif/Events');
    expect(eventServicePath({ path: '/onvif/Events?profile=1&channel=1' })).toBe('/onvif/Events?profile=1&channel=1');
    expect(eventServicePath(undefined)).toBe('/onvif/event_service');
  });

  // What the onvif client's url.parse gives as "path" for XAddrs such as `http:@10.88.5.5/x`.
  it.each(['@10.88.5.5/x', '10.88.5.5/x', '//10.88.5.5/x', '/\\10.88.5.5/x', '/x y', '/x\r\nHost: evil'])('refuses %j', (path) => {
    expect(isPathOnHost(path)).toBe(false);
    expect(() => eventServicePath({ path })).toThrow(ProbeError);
    expect(() => eventServicePath({ path })).toThrow(/not a path on the camera/);
  });
});
