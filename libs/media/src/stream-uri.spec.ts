import { buildRtspUri, parseRtspUri, pinnedStreamUri, StreamUriError } from './stream-uri';

describe('stream URIs from a camera', () => {
  it('accepts the plain form and keeps port, path and query', () => {
    expect(parseRtspUri('rtsp://192.168.1.20:8554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1')).toEqual({
      host: '192.168.1.20',
      port: 8554,
      pathAndQuery: '/Streaming/Channels/101?transportmode=unicast&profile=Profile_1',
    });
    expect(parseRtspUri('RTSP://cam.local/live')).toEqual({ host: 'cam.local', port: 554, pathAndQuery: '/live' });
    expect(parseRtspUri('rtsp://[fd00::5]:10554/a%20b')).toEqual({ host: 'fd00::5', port: 10554, pathAndQuery: '/a%20b' });
    expect(parseRtspUri('rtsp://admin:pa%3Ass@10.0.0.5')).toEqual({ host: '10.0.0.5', port: 554, pathAndQuery: '/' });
  });

  it('rebuilds on the enrolled host, whatever host the camera named, and drops credentials', () => {
    expect(pinnedStreamUri('rtsp://admin:x@192.168.1.20:8554/cam1?x=1', '10.88.0.5')).toBe('rtsp://10.88.0.5:8554/cam1?x=1');
    expect(pinnedStreamUri('rtsp://203.0.113.9/live', 'fd00::7')).toBe('rtsp://[fd00::7]:554/live');
    expect(buildRtspUri({ host: '127.0.0.1', port: 4000, pathAndQuery: '/cam1' }, { username: 'ad min', password: 'p@ss:/' })).toBe(
      'rtsp://ad%20min:p%40ss%3A%2F@127.0.0.1:4000/cam1',
    );
  });

  it('refuses a host it would not connect to as its own: the enrolled host must be an IP address', () => {
    expect(() => pinnedStreamUri('rtsp://10.0.0.5/x', 'camera.example')).toThrow(/enrolled host .* is not an IP address/);
  });

  const refused: [string, RegExp][] = [
    ['rtsp:10.0.0.5:554/x', /no "\/\/" authority/],
    ['rtsp:/10.0.0.5/x', /no "\/\/" authority/],
    ['http://10.0.0.5/x', /only rtsp:\/\//],
    ['rtsps://10.0.0.5/x', /only rtsp:\/\//],
    ['file:///etc/passwd', /only rtsp:\/\//],
    ['10.0.0.5:554/x', /only rtsp:\/\/|no scheme/],
    ['//10.0.0.5/x', /no scheme/],
    ['rtsp://10.0.0.5\\@127.0.0.1/x', /backslash/],
    ['rtsp://10.0.0.5/x\r\nLocation: rtsp://evil/', /whitespace, control/],
    ['rtsp://10.0.0.5/ x', /whitespace, control/],
    ['rtsp://10.0.0.5\t/x', /whitespace, control/],
    ['rtsp://10.0.0.5/ü', /non-ASCII/],
    ['rtsp://a@b@10.0.0.5/x', /more than one "@"/],
    ['rtsp://10.0.0.5/x@127.0.0.1', /outside RFC 3986|"@"/],
    ['rtsp://10.0.0.5?@127.0.0.1/', /outside RFC 3986|"@"/],
    ['rtsp://10.0.0.5#@127.0.0.1/', /fragment/],
    ['rtsp://127.0.0.1%2f@10.0.0.5/x', /percent-encodes a delimiter/],
    ['rtsp://%31%32%37.0.0.1/x', /percent-encoded/],
    ['rtsp://[fe80::1%25eth0]/x', /zone id/],
    ['rtsp://[fe80::1%eth0]/x', /zone id/],
    ['rtsp://[10.0.0.5]/x', /not an IPv6/],
    ['rtsp://[::1]x/y', /between "]" and the port/],
    ['rtsp://fd00::5/x', /more than one ":"/],
    ['rtsp://2130706433/x', /numeric form/],
    ['rtsp://127.1/x', /numeric form/],
    ['rtsp://10.0.0.5:/x', /port is not a number/],
    ['rtsp://10.0.0.5:+554/x', /port is not a number/],
    ['rtsp://10.0.0.5:0/x', /outside 1-65535/],
    ['rtsp://10.0.0.5:65536/x', /outside 1-65535/],
    ['rtsp://10.0.0.5:554:80/x', /more than one ":"/],
    ['rtsp:///x', /no host/],
    ['rtsp://under_score/x', /neither an IP address nor a valid DNS name/],
    ['rtsp://10.0.0.5/%0d%0aSET_PARAMETER', /control character/],
    ['rtsp://10.0.0.5/%zz', /bad %-escape/],
    ['rtsp://10.0.0.5/live?multicast', /ffmpeg transport option/],
    ['rtsp://10.0.0.5/live?profile=1&udp', /ffmpeg transport option/],
    ['rtsp://10.0.0.5/live?http', /ffmpeg transport option/],
    ['', /empty/],
    [`rtsp://10.0.0.5/${'a'.repeat(1100)}`, /longer than 1024/],
  ];
  it.each(refused)('refuses %j', (uri, why) => {
    let error: unknown;
    try {
      parseRtspUri(uri);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamUriError);
    expect((error as Error).message).toMatch(why);
  });

  it('does not echo credentials or control characters in its refusal', () => {
    expect(() => parseRtspUri('rtsp://admin:hunter2@10.0.0.5/a\nb')).toThrow(/rtsp:\/\/\*\*\*@10\.0\.0\.5\/a\?b/);
    expect(() => parseRtspUri('rtsp://admin:hunter2@10.0.0.5/a\nb')).not.toThrow(/hunter2/);
  });
});
