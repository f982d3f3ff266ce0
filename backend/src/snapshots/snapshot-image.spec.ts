import sharp from 'sharp';
import { THUMBNAIL_MAX_WIDTH } from '@argus/shared';
import { processSnapshot } from './snapshot-image';

/** A solid test image of the given size and format. */
function image(width: number, height: number, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}

const status = async (promise: Promise<unknown>): Promise<number | undefined> =>
  promise.then(
    () => undefined,
    (error: { getStatus?: () => number }) => error.getStatus?.(),
  );

describe('processSnapshot', () => {
  it.each(['jpeg', 'png', 'webp'] as const)(
    'takes a %s and makes a JPEG thumbnail at most 320 px wide',
    async (format) => {
      const bytes = await image(1920, 1080, format);
      const result = await processSnapshot(bytes);
      expect(result.contentType).toBe(`image/${format}`);
      expect(result.image).toBe(bytes);
      expect([result.width, result.height]).toEqual([1920, 1080]);
      expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
      const thumb = await sharp(result.thumbnail).metadata();
      expect(thumb.format).toBe('jpeg');
      expect([thumb.width, thumb.height]).toEqual([THUMBNAIL_MAX_WIDTH, 180]);
      expect(result.thumbnailSha256).not.toBe(result.sha256);
    },
  );

  it('never enlarges a small image', async () => {
    const result = await processSnapshot(await image(200, 100, 'png'));
    const thumb = await sharp(result.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([200, 100]);
  });

  it('applies the EXIF orientation and strips the metadata from the thumbnail', async () => {
    // Stored 400x200, orientation 6 (rotate 90° clockwise to display): shown 200x400.
    const rotated = await sharp(await image(400, 200, 'jpeg'))
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret place' } } })
      .jpeg()
      .toBuffer();
    const result = await processSnapshot(rotated);
    expect([result.width, result.height]).toEqual([200, 400]);
    const thumb = await sharp(result.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([200, 400]);
    expect(thumb.orientation).toBeUndefined();
    expect(thumb.exif).toBeUndefined();
  });

  it('refuses other types with 415, whatever they claim', async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    expect(await status(processSnapshot(gif))).toBe(415);
    expect(await status(processSnapshot(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')))).toBe(415);
    expect(await status(processSnapshot(Buffer.alloc(0)))).toBe(415);
  });

  it('refuses bytes that start like an image but do not decode (415)', async () => {
    const jpeg = await image(640, 480, 'jpeg');
    expect(await status(processSnapshot(jpeg.subarray(0, jpeg.length / 2)))).toBe(415);
    const png = await image(64, 64, 'png');
    expect(await status(processSnapshot(Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 7)])))).toBe(415);
    expect(await status(processSnapshot(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])))).toBe(415);
  });

  it('refuses a canvas over the pixel limit (a decompression bomb) with 415', async () => {
    const big = await image(2000, 1000, 'png');
    expect(await status(processSnapshot(big, { maxPixels: 1_999_999 }))).toBe(415);
    await expect(processSnapshot(big, { maxPixels: 2_000_000 })).resolves.toMatchObject({ width: 2000 });
  });
});
