import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Visible prefix so a leaked key is recognisable (secret scanners, logs). */
export const INGEST_KEY_PREFIX = 'argus_ck_';

/** A fresh camera ingest key: 32 random bytes, base64url. Shown once, never stored. */
export function generateIngestKey(): string {
  return INGEST_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a key: what the database keeps (a fast hash suffices for 256 random bits). */
export function hashIngestKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two SHA-256 hex digests. */
export function ingestKeyHashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}
