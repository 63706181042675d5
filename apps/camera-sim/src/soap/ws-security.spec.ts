import { randomBytes } from 'node:crypto';
import { SoapEnvelopeParser } from './soap-envelope';
import { usernameTokenHeader, WsSecurityVerifier } from './ws-security';

function header(password: string, createdMs: number, nonce = randomBytes(16)) {
  const xml =
    `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>` +
    usernameTokenHeader({ username: 'admin', password }, createdMs, nonce) +
    `</s:Header><s:Body><GetDeviceInformation/></s:Body></s:Envelope>`;
  return new SoapEnvelopeParser().parse(xml).header;
}

describe('WsSecurityVerifier', () => {
  const expected = { username: 'admin', password: 'secret' };
  const now = Date.parse('2030-01-01T00:00:00Z');

  it('accepts Base64(SHA1(nonce + created + password))', () => {
    expect(new WsSecurityVerifier(300_000).verify(header('secret', now), expected, now)).toEqual({ ok: true });
  });

  it('refuses a wrong password, a missing token, a stale Created and a replayed nonce', () => {
    const verifier = new WsSecurityVerifier(300_000);
    expect(verifier.verify(header('wrong', now), expected, now)).toEqual({ ok: false, reason: 'wrong password digest' });
    expect(verifier.verify({}, expected, now).ok).toBe(false);
    expect(verifier.verify(header('secret', now - 600_000), expected, now)).toEqual({
      ok: false,
      reason: 'Created is too far from the camera clock',
    });
    const replayed = header('secret', now);
    expect(verifier.verify(replayed, expected, now).ok).toBe(true);
    expect(verifier.verify(replayed, expected, now)).toEqual({ ok: false, reason: 'nonce replayed' });
  });

  it('does not check Created when the tolerance is 0', () => {
    expect(new WsSecurityVerifier(0).verify(header('secret', now - 86_400_000), expected, now).ok).toBe(true);
  });
});
