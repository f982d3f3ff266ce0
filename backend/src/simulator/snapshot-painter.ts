import sharp from 'sharp';
import type { EventType } from '@argus/shared';

/** Share of the simulator's motion and face events that carry a picture. */
export const PICTURE_SHARE = 0.35;
export const PICTURED_TYPES: ReadonlySet<EventType> = new Set(['motion_detected', 'face_recognized', 'face_unknown']);
const WIDTH = 640;
const HEIGHT = 360;

/** Paints a picture for a simulated event: the camera's name, the event and the time. */
export type SnapshotPainter = (cameraName: string, eventType: EventType, cameraId: number) => Promise<Buffer>;

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/**
 * A 640x360 JPEG drawn from SVG: a frame in the camera's own colour around a dark "scene",
 * the camera name, what happened and when (UTC), like a camera's on-screen display.
 */
export async function paintSnapshot(
  cameraName: string,
  eventType: EventType,
  at: Date,
  cameraId: number,
): Promise<Buffer> {
  const hue = (cameraId * 67) % 360;
  const time = at.toISOString().replace('T', ' ').slice(0, 19);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue},35%,22%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},30%,8%)"/>
  </linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <rect x="8" y="8" width="${WIDTH - 16}" height="${HEIGHT - 16}" fill="none" stroke="hsl(${hue},80%,55%)" stroke-width="10"/>
  <circle cx="${WIDTH / 2}" cy="${HEIGHT / 2 + 10}" r="70" fill="hsl(${hue},50%,40%)" opacity="0.5"/>
  <text x="32" y="64" font-family="DejaVu Sans, sans-serif" font-size="34" font-weight="bold" fill="#fff">${escapeXml(cameraName)}</text>
  <text x="32" y="${HEIGHT - 40}" font-family="DejaVu Sans Mono, monospace" font-size="24" fill="#fff">${time} UTC</text>
  <text x="${WIDTH - 32}" y="64" text-anchor="end" font-family="DejaVu Sans, sans-serif" font-size="22" fill="hsl(${hue},80%,75%)">${eventType.replace('_', ' ')}</text>
  <text x="${WIDTH - 32}" y="${HEIGHT - 40}" text-anchor="end" font-family="DejaVu Sans, sans-serif" font-size="18" fill="#ccc">SIMULATED</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
