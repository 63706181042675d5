import { createHash, timingSafeEqual } from 'node:crypto';
import { childNode, childText, type XmlNode } from './soap-envelope';

export interface Credentials {
  username: string;
  password: string;
}

export type AuthResult = { ok: true } | { ok: false; reason: string };

const PASSWORD_DIGEST = 'PasswordDigest';

/**
 * Checks a WS-Security UsernameToken with PasswordDigest, as ONVIF cameras do:
 * Digest = Base64(SHA1(nonce bytes + Created + password)).
 *
 * Like cameras with replay protection (Axis, for one), `Created` must lie within a tolerance of the
 * camera's own clock, so a client that ignores the camera's clock offset is refused once the offset
 * exceeds it; and a nonce is accepted only once within that window.
 */
export class WsSecurityVerifier {
  private readonly seenNonces = new Map<string, number>();

  /** @param toleranceMs how far `Created` may be from the camera clock; 0 turns the check off. */
  constructor(private readonly toleranceMs: number) {}

  verify(header: XmlNode, expected: Credentials, cameraNowMs: number): AuthResult {
    const token = childNode(childNode(header, 'Security'), 'UsernameToken');
    if (!token) return { ok: false, reason: 'no WS-Security UsernameToken' };
    const username = childText(token, 'Username');
    const password = childNode(token, 'Password');
    const digest = childText(token, 'Password');
    const nonce = childText(token, 'Nonce');
    const created = childText(token, 'Created');
    if (username === undefined || digest === undefined || nonce === undefined || created === undefined) {
      return { ok: false, reason: 'the UsernameToken lacks Username, Password, Nonce or Created' };
    }
    const type = typeof password?.['@_Type'] === 'string' ? password['@_Type'] : '';
    // PasswordText would send the password in the clear; cameras here accept only digests.
    if (!type.endsWith(`#${PASSWORD_DIGEST}`)) return { ok: false, reason: 'only PasswordDigest is accepted' };
    if (username !== expected.username) return { ok: false, reason: 'unknown user' };

    const computed = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(expected.password, 'utf8')]))
      .digest();
    const given = Buffer.from(digest, 'base64');
    if (given.length !== computed.length || !timingSafeEqual(given, computed)) return { ok: false, reason: 'wrong password digest' };

    if (this.toleranceMs > 0) {
      const createdMs = Date.parse(created);
      if (Number.isNaN(createdMs)) return { ok: false, reason: 'Created is not a date' };
      if (Math.abs(createdMs - cameraNowMs) > this.toleranceMs) {
        return { ok: false, reason: 'Created is too far from the camera clock' };
      }
      this.forgetOldNonces(cameraNowMs);
      const key = `${nonce}|${created}`;
      if (this.seenNonces.has(key)) return { ok: false, reason: 'nonce replayed' };
      this.seenNonces.set(key, createdMs);
    }
    return { ok: true };
  }

  private forgetOldNonces(cameraNowMs: number): void {
    // Entries older than the tolerance cannot be replayed anyway (Created would be refused).
    if (this.seenNonces.size < 1000) return;
    for (const [key, at] of this.seenNonces) if (Math.abs(cameraNowMs - at) > this.toleranceMs) this.seenNonces.delete(key);
  }
}

/** Builds a UsernameToken header as a client would (used by tests and tools talking to the simulator). */
export function usernameTokenHeader(credentials: Credentials, createdMs: number, nonce: Buffer): string {
  const created = new Date(createdMs).toISOString();
  const digest = createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created, 'utf8'), Buffer.from(credentials.password, 'utf8')]))
    .digest('base64');
  return (
    `<Security s:mustUnderstand="1" xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">` +
    `<UsernameToken><Username>${credentials.username}</Username>` +
    `<Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</Password>` +
    `<Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</Nonce>` +
    `<Created xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${created}</Created>` +
    `</UsernameToken></Security>`
  );
}
