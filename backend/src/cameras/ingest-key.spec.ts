import { generateIngestKey, hashIngestKey, INGEST_KEY_PREFIX, ingestKeyHashesEqual } from './ingest-key';

describe('ingest keys', () => {
  it('are prefixed, 256-bit random, base64url and never repeat', () => {
    const a = generateIngestKey();
    const b = generateIngestKey();
    expect(a.startsWith(INGEST_KEY_PREFIX)).toBe(true);
    expect(a.slice(INGEST_KEY_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('are stored as a SHA-256 hex digest compared in constant time', () => {
    const key = generateIngestKey();
    const hash = hashIngestKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ingestKeyHashesEqual(hash, hashIngestKey(key))).toBe(true);
    expect(ingestKeyHashesEqual(hash, hashIngestKey(generateIngestKey()))).toBe(false);
    expect(ingestKeyHashesEqual(hash, 'not-hex')).toBe(false);
  });
});
