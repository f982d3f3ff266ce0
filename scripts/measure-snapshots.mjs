#!/usr/bin/env node
// Measures what a snapshot costs at ingest (issue 11): the time of POST
// /api/cameras/:id/events with a ~1 MB 1920x1080 JPEG against the same post without one
// (p50 over 50 posts each, interleaved), and the size of the thumbnail made of it.
// Runs the built backend (npm run build first) on a fresh SQLite file on loopback:
//   node scripts/measure-snapshots.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root, withBuiltServer } from './lib/measured-server.mjs';

const sharp = createRequire(join(root, 'backend', 'package.json'))('sharp');
const POSTS = 50;
const WARMUP = 5;

/** A photo-like 1920x1080 JPEG of about 1 MB: smooth shapes plus sensor-like noise. */
async function photo() {
  const width = 1920;
  const height = 1080;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      const base = 100 + 80 * Math.sin(x / 90) * Math.cos(y / 70);
      raw[i] = base + random() * 75;
      raw[i + 1] = base * 0.8 + random() * 75;
      raw[i + 2] = 255 - base + random() * 75;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const p50 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  await withBuiltServer(async ({ base, token, camera }) => {
    const image = await photo();
    const url = `${base}/api/cameras/${camera.id}/events`;
    const key = { 'x-camera-key': camera.ingest_key };
    const plain = () =>
      fetch(url, {
        method: 'POST',
        headers: { ...key, 'content-type': 'application/json' },
        body: '{"event_type":"motion_detected"}',
      });
    const withImage = () => {
      const form = new FormData();
      form.append('event_type', 'motion_detected');
      form.append('snapshot', new Blob([image], { type: 'image/jpeg' }), 'frame.jpg');
      return fetch(url, { method: 'POST', headers: key, body: form });
    };
    const timed = async (post) => {
      const started = performance.now();
      const res = await post();
      const body = await res.json();
      if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, id: body.id };
    };
    for (let i = 0; i < WARMUP; i += 1) {
      await timed(plain);
      await timed(withImage);
    }
    const times = { plain: [], image: [] };
    let lastId = 0;
    for (let i = 0; i < POSTS; i += 1) {
      times.plain.push((await timed(plain)).ms);
      const stored = await timed(withImage);
      times.image.push(stored.ms);
      lastId = stored.id;
    }
    const thumb = await fetch(`${base}/api/events/${lastId}/thumbnail`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const thumbnail = Buffer.from(await thumb.arrayBuffer());
    const meta = await sharp(thumbnail).metadata();
    console.log(`snapshot: ${image.length} bytes JPEG, 1920x1080`);
    console.log(`ingest p50 without snapshot: ${p50(times.plain).toFixed(1)} ms (${POSTS} posts)`);
    console.log(`ingest p50 with snapshot:    ${p50(times.image).toFixed(1)} ms (${POSTS} posts)`);
    console.log(`thumbnail: ${thumbnail.length} bytes JPEG, ${meta.width}x${meta.height}`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
