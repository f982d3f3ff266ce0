/** The image types a snapshot may have, decided by the bytes (never by the declared type). */
export const SNAPSHOT_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type SnapshotContentType = (typeof SNAPSHOT_CONTENT_TYPES)[number];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** JPEG, PNG or WebP by their magic numbers; undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): SnapshotContentType | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // JPEG: SOI marker then the start of another marker.
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  // WebP: a RIFF container whose form type is WEBP.
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}
