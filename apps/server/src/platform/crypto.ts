import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM with a random IV per value, stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). Equality search goes through `keyedHash`, an
 * HMAC-SHA256 under a key derived from the same secret, so the database never sees clear text.
 */
export class DataCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly previousEncKey: Buffer | null;

  /**
   * `previous` is the key being rotated away from: values sealed under it still decrypt (GCM's
   * tag tells the keys apart), while everything new is sealed under `secret`.
   */
  constructor(secret: Buffer, previous?: Buffer) {
    if (secret.length !== 32) throw new Error('data key must be 32 bytes');
    this.encKey = createHmac('sha256', secret).update('tongxin:encrypt').digest();
    this.macKey = createHmac('sha256', secret).update('tongxin:hash').digest();
    this.previousEncKey = previous ? createHmac('sha256', previous).update('tongxin:encrypt').digest() : null;
  }

  encrypt(plain: string): string {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(stored: string): string {
    try {
      return this.decryptWith(this.encKey, stored);
    } catch (err) {
      if (!this.previousEncKey) throw err;
      return this.decryptWith(this.previousEncKey, stored);
    }
  }

  private decryptWith(key: Buffer, stored: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown cipher format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyedHash(value: string): string {
    return createHmac('sha256', this.macKey).update(value).digest('base64url');
  }
}

// Random IVs drawn from a pooled buffer: one getrandom call per 4,096 encryptions instead of one
// each (an import seals several values per row). Every IV is still 96 fresh random bits.
const IV_POOL = 12 * 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = IV_POOL;
function nextIv(): Buffer {
  if (ivOffset >= ivPool.length) {
    ivPool = randomBytes(IV_POOL);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
