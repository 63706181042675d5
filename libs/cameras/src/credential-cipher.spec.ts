import { randomBytes } from 'node:crypto';
import { CredentialCipher, CredentialCipherError } from './credential-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('CredentialCipher', () => {
  const k1 = key('k1');
  const cipher = new CredentialCipher(k1);

  it('round-trips Unicode credentials and never contains the plaintext', () => {
    const sealed = cipher.encrypt('mật-khẩu:secret', 'camera-1');
    expect(sealed).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('secret');
    expect(cipher.decrypt(sealed, 'camera-1')).toBe('mật-khẩu:secret');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same', 'c')).not.toBe(cipher.encrypt('same', 'c'));
  });

  it('refuses a ciphertext moved to another camera', () => {
    const sealed = cipher.encrypt('pw', 'camera-1');
    expect(() => cipher.decrypt(sealed, 'camera-2')).toThrow(/failed authentication/);
  });

  it('refuses an altered ciphertext', () => {
    const parts = cipher.encrypt('password', 'c').split('.');
    const data = Buffer.from(parts[4], 'base64url');
    data[0] ^= 1;
    parts[4] = data.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'c')).toThrow(CredentialCipherError);
  });

  it('refuses a truncated authentication tag (Node would otherwise check only the bytes given)', () => {
    const parts = cipher.encrypt('password', 'c').split('.');
    for (const bytes of [4, 8, 12, 15]) {
      const truncated = [...parts];
      truncated[3] = Buffer.from(parts[3], 'base64url').subarray(0, bytes).toString('base64url');
      expect(() => cipher.decrypt(truncated.join('.'), 'c')).toThrow(/failed authentication/);
    }
    expect(cipher.decrypt(parts.join('.'), 'c')).toBe('password');
  });

  it('rotates: a new current key still decrypts with the previous one, and says what needs re-encryption', () => {
    const old = cipher.encrypt('pw', 'c');
    const rotated = new CredentialCipher(key('k2'), [k1]);
    expect(rotated.decrypt(old, 'c')).toBe('pw');
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('pw', 'c'))).toBe(false);
  });

  it('names a missing key id', () => {
    const other = new CredentialCipher(key('k9'));
    expect(() => other.decrypt(cipher.encrypt('pw', 'c'), 'c')).toThrow(/key "k1", which is not configured/);
  });

  it('rejects short keys and malformed input', () => {
    expect(() => new CredentialCipher({ id: 'x', key: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => cipher.decrypt('plain-text', 'c')).toThrow(/v1 format/);
  });
});
