import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ACCOUNT_MASK = 0x7fffffffff80n;

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function unbase32(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) return undefined;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * An access key id as AWS has issued them since 2019: the prefix (AKIA for long-term keys, ASIA for
 * session keys) and 16 base32 characters whose first 48 bits carry the owning account in bits 7–46. This
 * is what lets sts:GetAccessKeyInfo name the account of any key, including keys of other accounts.
 */
export function encodeAccessKeyId(prefix: 'AKIA' | 'ASIA', accountId: string, seed: string): string {
  const random = createHash('sha256').update(seed).digest();
  const head = (1n << 47n) | (BigInt(accountId) << 7n) | BigInt((random[0] ?? 0) & 0x7f);
  const bytes = new Uint8Array(10);
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((head >> BigInt(8 * (5 - i))) & 0xffn);
  bytes.set(random.subarray(1, 5), 6);
  return `${prefix}${base32(bytes)}`;
}

/** The account encoded in an AKIA/ASIA key id, or undefined when the id is not of that form. */
export function decodeAccessKeyAccount(accessKeyId: string): string | undefined {
  const match = /^(AKIA|ASIA)([A-Z2-7]{16})$/.exec(accessKeyId);
  const bytes = match?.[2] ? unbase32(match[2]) : undefined;
  if (!bytes) return undefined;
  let head = 0n;
  for (const byte of bytes.subarray(0, 6)) head = (head << 8n) | BigInt(byte);
  return ((head & ACCOUNT_MASK) >> 7n).toString().padStart(12, '0');
}

/** A secret access key's shape (40 characters); the simulation never stores it. */
export function secretAccessKey(seed: string): string {
  return createHash('sha256').update(`secret:${seed}`).digest('base64').replace(/=+$/, '').slice(0, 40);
}
