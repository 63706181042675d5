import { chooseDigestChallenge, DigestChallengeError, digestAuthorization, parseDigestChallenge } from './http-digest';
import { decodeXmlText } from './soap-xml';

describe('HTTP Digest (RFC 7616)', () => {
  // The example of RFC 7616 section 3.9.1: the same request answered with MD5 and with SHA-256.
  const rfc = (algorithm: string) =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
    `nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
  const request = { method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle of Life', nc: 1 };
  const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';

  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ])('answers the RFC example with %s', (algorithm, response) => {
    const header = digestAuthorization(parseDigestChallenge(rfc(algorithm))!, request, cnonce);
    expect(header).toContain(`response="${response}"`);
    expect(header).toMatch(/^Digest username="Mufasa", realm="http-auth@example.org", .*qop=auth, nc=00000001, cnonce="f2\//);
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
  });

  it('prefers SHA-256 when the camera offers both, and ignores Basic', () => {
    expect(chooseDigestChallenge(['Basic realm="cam"', rfc('MD5'), rfc('SHA-256')])?.algorithm).toBe('SHA-256');
    expect(chooseDigestChallenge(['Basic realm="cam"'])).toBeNull();
    // No algorithm named means MD5 (Hikvision sends it so).
    expect(parseDigestChallenge('Digest qop="auth", realm="IP Camera", nonce="39653932", stale="FALSE"')).toMatchObject({
      algorithm: 'MD5',
      stale: false,
    });
  });

  it.each([
    ['no qop=auth', 'Digest realm="r", nonce="n"', /qop=auth/],
    ['an unknown algorithm', 'Digest realm="r", nonce="n", qop="auth", algorithm=SHA-512-256', /not supported/],
    ['no nonce', 'Digest realm="r", qop="auth"', /no realm or nonce/],
    ['a parameter twice', 'Digest realm="r", realm="s", nonce="n", qop="auth"', /twice/],
    ['garbage between pairs', 'Digest realm="r" nonce="n", qop="auth"', /name=value/],
    ['an unterminated quote', 'Digest realm="r, nonce="n", qop="auth', /name=value/],
    ['a header injection attempt', 'Digest realm="r\r\nX-Evil: 1", nonce="n", qop="auth"', /name=value/],
    ['an oversized challenge', `Digest realm="${'r'.repeat(2000)}", nonce="n", qop="auth"`, /longer than/],
    [
      'too many parameters',
      `Digest realm="r", nonce="n", qop="auth", ${Array.from({ length: 12 }, (_, i) => `x${i}=1`).join(', ')}`,
      /too many/,
    ],
  ])('refuses a challenge with %s', (_what, header, message) => {
    expect(() => parseDigestChallenge(header)).toThrow(DigestChallengeError);
    expect(() => parseDigestChallenge(header)).toThrow(message);
  });
});

describe('decodeXmlText (address text; the parser expands no entities)', () => {
  it('decodes the five built-in entities and numeric references, and nothing else', () => {
    expect(decodeXmlText('/s?a=1&amp;b=&lt;&gt;&quot;&apos;')).toBe(`/s?a=1&b=<>"'`);
    expect(decodeXmlText('/s?x=&#50;&#x33;')).toBe('/s?x=23');
    expect(decodeXmlText('&lol9; &#0; &#xD800; &amp')).toBe('&lol9; &#0; &#xD800; &amp');
    // Decoded once: an encoded entity stays an entity's text.
    expect(decodeXmlText('&amp;amp;')).toBe('&amp;');
  });
});
