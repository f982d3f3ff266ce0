#!/usr/bin/env node
// Measures what a snapshot costs at ingest (issue 11): the time of POST
// /api/cameras/:id/events with a ~1 MB 1920x1080 JPEG against the same post without one
// (p50 over 50 posts each, interleaved), and the size of the thumbnail made of it.
// Runs the built backend (npm run build first) on a fresh SQLite file on loopback:
//   node scripts/measure-snapshots.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sharp = createRequire(join(root, 'backend', 'package.json'))('sharp');
const POSTS = 50;
const WARMUP = 5;
const PASSWORD = 'measure-password-1';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

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
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-measure-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [join(root, 'backend', 'dist', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      MQTT_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: PASSWORD,
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i += 1) {
      const up = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 100) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    }).then((r) => r.json());
    const camera = await fetch(`${base}/api/cameras`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` },
      body: JSON.stringify({ name: 'Measured' }),
    }).then((r) => r.json());
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
      headers: { authorization: `Bearer ${login.access_token}` },
    });
    const thumbnail = Buffer.from(await thumb.arrayBuffer());
    const meta = await sharp(thumbnail).metadata();
    console.log(`snapshot: ${image.length} bytes JPEG, 1920x1080`);
    console.log(`ingest p50 without snapshot: ${p50(times.plain).toFixed(1)} ms (${POSTS} posts)`);
    console.log(`ingest p50 with snapshot:    ${p50(times.image).toFixed(1)} ms (${POSTS} posts)`);
    console.log(`thumbnail: ${thumbnail.length} bytes JPEG, ${meta.width}x${meta.height}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
