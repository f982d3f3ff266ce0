import { createHash } from 'node:crypto';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import sharp from 'sharp';
import { THUMBNAIL_MAX_WIDTH } from '@argus/shared';
import { SnapshotContentType, sniffImageType } from './image-type';

// Each snapshot is decoded once: libvips' operation cache would only hold memory.
sharp.cache(false);

/** Larger images are refused (a small file can declare a huge canvas: a decompression bomb). */
export const MAX_SNAPSHOT_PIXELS = 50_000_000;
const THUMBNAIL_QUALITY = 75;

/** A checked image with its thumbnail, ready to store. */
export interface ProcessedSnapshot {
  contentType: SnapshotContentType;
  image: Buffer;
  /** Hex SHA-256 of `image`. */
  sha256: string;
  /** As displayed, after EXIF orientation. */
  width: number;
  height: number;
  /** JPEG, at most THUMBNAIL_MAX_WIDTH wide, oriented, without metadata. */
  thumbnail: Buffer;
  thumbnailSha256: string;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Checks that `bytes` are a JPEG, PNG or WebP (by magic number) that decodes completely, and
 * makes the thumbnail. 415 otherwise. CPU-heavy (libvips runs it off the event loop): call it
 * before the serialized ingest queue, never inside it.
 */
export async function processSnapshot(
  bytes: Buffer,
  { maxPixels = MAX_SNAPSHOT_PIXELS }: { maxPixels?: number } = {},
): Promise<ProcessedSnapshot> {
  const contentType = sniffImageType(bytes);
  if (contentType === undefined) {
    throw new UnsupportedMediaTypeException('snapshot must be a JPEG, PNG or WebP image');
  }
  // failOn 'error' also refuses truncated files; the thumbnail decodes every pixel, so an
  // image that does not decode cannot get past this.
  const input = (): sharp.Sharp => sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels });
  let thumbnail: Buffer;
  let metadata: sharp.Metadata;
  try {
    metadata = await input().metadata();
    thumbnail = await input()
      .autoOrient()
      .resize({ width: THUMBNAIL_MAX_WIDTH, withoutEnlargement: true })
      .flatten({ background: '#000000' })
      .jpeg({ quality: THUMBNAIL_QUALITY })
      .toBuffer();
  } catch {
    throw new UnsupportedMediaTypeException(`snapshot is not a decodable ${contentType.slice(6).toUpperCase()} image`);
  }
  const { width, height } = metadata.autoOrient;
  return {
    contentType,
    image: bytes,
    sha256: sha256(bytes),
    width,
    height,
    thumbnail,
    thumbnailSha256: sha256(thumbnail),
  };
}
