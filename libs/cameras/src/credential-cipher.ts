import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A key that encrypts camera credentials; `id` is stored with each ciphertext so keys can rotate. */
export interface CredentialKey {
  id: string;
  key: Buffer;
}

export class CredentialCipherError extends Error {
  override name = 'CredentialCipherError';
}

const VERSION = 'v1';
const IV_BYTES = 12;
/** The full GCM tag. Pinned when decrypting: Node otherwise accepts a tag cut down to 4 bytes, which a forger can guess. */
const TAG_BYTES = 16;

/**
 * AES-256-GCM for camera usernames and passwords at rest. Ciphertexts read
 * `v1.<keyId>.<iv>.<tag>.<data>` (base64url), so a later key rotation can decrypt old rows with the
 * previous key and re-encrypt them with the current one. The camera id is bound in as additional
 * authenticated data: a ciphertext copied onto another camera's row does not decrypt.
 */
export class CredentialCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: CredentialKey,
    previous: CredentialKey[] = [],
  ) {
    for (const k of [current, ...previous]) {
      if (k.key.length !== 32) throw new CredentialCipherError(`credential key "${k.id}" must be 32 bytes, got ${k.key.length}`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id))
        throw new CredentialCipherError(`credential key id "${k.id}" must be 1-32 letters, digits, _ or -`);
    }
    this.keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(
      '.',
    );
  }

  decrypt(sealed: string, boundTo: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new CredentialCipherError('stored credential is not in the v1 format');
    const [, keyId, iv, tag, data] = parts;
    const key = this.keys.get(keyId);
    if (!key) {
      throw new CredentialCipherError(
        `stored credential was encrypted with key "${keyId}", which is not configured (CREDENTIALS_PREVIOUS_KEYS)`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CredentialCipherError('stored credential failed authentication (wrong key, wrong camera, or altered)');
    }
  }

  /** True when a ciphertext should be re-encrypted with the current key. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}
