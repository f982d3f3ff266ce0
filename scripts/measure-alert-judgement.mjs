#!/usr/bin/env node
// Measures what rules with judgement cost at ingest (issue 12): POST /api/cameras/:id/events
// p50 for an event no rule matches, against one that raises an alert through a plain rule
// (default face_unknown), one through a rule with min_confidence, an all-week schedule and a
// cooldown of 0 (every check runs, the alert is raised), and one held back by a cooldown.
// Interleaved, 100 posts each. Runs the built backend (npm run build first) on a fresh SQLite
// file on loopback:
//   node scripts/measure-alert-judgement.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const POSTS = 100;
const WARMUP = 10;
const PASSWORD = 'measure-password-1';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

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
      RATE_LIMIT_PER_MINUTE: '1000000',
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
    const admin = { 'content-type': 'application/json', authorization: `Bearer ${login.access_token}` };
    const camera = await fetch(`${base}/api/cameras`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'Measured' }),
    }).then((r) => r.json());
    const rule = (body) =>
      fetch(`${base}/api/alert-rules`, { method: 'POST', headers: admin, body: JSON.stringify(body) }).then((r) => {
        if (r.status !== 201) throw new Error(`rule answered ${r.status}`);
      });
    const allWeek = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '00:00' };
    await rule({ event_type: 'motion_detected', severity: 'info', min_confidence: 0.5, schedule: allWeek });
    await rule({ event_type: 'recording_started', severity: 'info', cooldown_seconds: 86_400 });
    const post = (body) => () =>
      fetch(`${base}/api/cameras/${camera.id}/events`, {
        method: 'POST',
        headers: { 'x-camera-key': camera.ingest_key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const kinds = {
      'no rule matches (recording_stopped)': post({ event_type: 'recording_stopped' }),
      'plain rule, alert raised (face_unknown)': post({ event_type: 'face_unknown', confidence: 0.9 }),
      'judgement, alert raised (motion_detected)': post({ event_type: 'motion_detected', confidence: 0.9 }),
      'held back by the cooldown (recording_started)': post({ event_type: 'recording_started' }),
    };
    const timed = async (send) => {
      const started = performance.now();
      const res = await send();
      const body = await res.json();
      if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body)}`);
      return performance.now() - started;
    };
    for (let i = 0; i < WARMUP; i += 1) for (const send of Object.values(kinds)) await timed(send);
    const times = Object.fromEntries(Object.keys(kinds).map((name) => [name, []]));
    for (let i = 0; i < POSTS; i += 1) {
      for (const [name, send] of Object.entries(kinds)) times[name].push(await timed(send));
    }
    for (const [name, values] of Object.entries(times)) {
      console.log(`ingest p50, ${name}: ${p50(values).toFixed(2)} ms (${POSTS} posts)`);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
