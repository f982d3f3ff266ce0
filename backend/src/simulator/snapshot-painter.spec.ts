import sharp from 'sharp';
import { paintSnapshot } from './snapshot-painter';

describe('paintSnapshot', () => {
  it('draws a 640x360 JPEG, different per camera colour', async () => {
    const at = new Date('2026-11-23T08:15:00Z');
    const one = await paintSnapshot('Front door', 'motion_detected', at, 1);
    const two = await paintSnapshot('Front door', 'motion_detected', at, 2);
    const meta = await sharp(one).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 640, 360]);
    // The frame's colour differs: compare the top-left corner's pixel.
    const corner = async (image: Buffer) => [
      ...(await sharp(image).extract({ left: 10, top: 10, width: 1, height: 1 }).raw().toBuffer()),
    ];
    expect(await corner(one)).not.toEqual(await corner(two));
  });

  it('escapes the camera name, so a name with markup still draws', async () => {
    const image = await paintSnapshot('<Yard & "Gate">', 'face_unknown', new Date(), 3);
    expect((await sharp(image).metadata()).width).toBe(640);
  });
});
