import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random bearer values (one-time codes, refresh tokens, RelayState). 32 bytes is 256 bits of
 * entropy, well above the 128 bits RFC 6749 §10.10 asks of values an attacker must not guess.
 */
export function randomOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * How opaque tokens are stored. They are random, not passwords, so a fast unsalted hash is the
 * right tool: a database leak yields nothing presentable, and lookups stay an index hit.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function base64UrlSha256(value: string): string {
  return createHash('sha256').update(value, 'ascii').digest('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
