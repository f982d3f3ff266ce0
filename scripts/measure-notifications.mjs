#!/usr/bin/env node
// Measures how long an alert takes from ingest to a notification receiver (issue 12): a local
// webhook receiver gets each alert through the outbox and its worker; the same event's
// camera_event on the live socket is the baseline (the path with no outbox in between).
// 50 events, one at a time, each timed from the start of its POST. Runs the built backend
// (npm run build first) on a fresh SQLite file on loopback:
//   node scripts/measure-notifications.mjs
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root, withBuiltServer } from './lib/measured-server.mjs';

const WebSocket = createRequire(join(root, 'backend', 'package.json'))('ws');
const EVENTS = 50;
const WARMUP = 5;

const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function main() {
  await withBuiltServer(async ({ base, port, token, camera }) => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    // Arrival times by `hook <event id>` / `socket <event id>`; an arrival may come before its POST is answered.
    const waiting = new Map();
    const seen = new Map();
    const mark = (name, at) => (waiting.has(name) ? waiting.get(name)(at) : seen.set(name, at));
    const arrival = (name) =>
      new Promise((resolve) => (seen.has(name) ? resolve(seen.get(name)) : waiting.set(name, resolve)));
    const receiver = createHttpServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.now();
        res.end('ok');
        const { alert } = JSON.parse(Buffer.concat(chunks).toString());
        mark(`hook ${alert.event_id}`, at);
      });
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
    const added = await fetch(`${base}/api/notifications/channels`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ kind: 'webhook', config: { url: hookUrl, secret: 'measure-secret-0123456789' } }),
    });
    if (added.status !== 201) throw new Error(`channel: ${added.status} ${await added.text()}`);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/ws/statistics`, ['bearer', token]);
    socket.on('message', (data) => {
      const at = performance.now();
      const message = JSON.parse(data.toString());
      if (message.type === 'camera_event') mark(`socket ${message.id}`, at);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const url = `${base}/api/cameras/${camera.id}/events`;
    const key = { 'x-camera-key': camera.ingest_key, 'content-type': 'application/json' };
    const one = async () => {
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', headers: key, body: '{"event_type":"face_unknown"}' });
      const answered = performance.now();
      const event = await res.json();
      if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(event)}`);
      const [hook, live] = await Promise.all([arrival(`hook ${event.id}`), arrival(`socket ${event.id}`)]);
      return { ingest: answered - started, hook: hook - started, socket: live - started };
    };
    for (let i = 0; i < WARMUP; i += 1) await one();
    const times = { ingest: [], hook: [], socket: [] };
    for (let i = 0; i < EVENTS; i += 1) {
      const result = await one();
      for (const name of Object.keys(times)) times[name].push(result[name]);
    }
    socket.close();
    receiver.close();
    const row = (name, values) =>
      `${name.padEnd(34)} p50 ${percentile(values, 0.5).toFixed(1).padStart(6)} ms   p95 ${percentile(values, 0.95)
        .toFixed(1)
        .padStart(6)} ms   max ${Math.max(...values)
        .toFixed(1)
        .padStart(6)} ms`;
    console.log(`${EVENTS} alerts, each timed from the start of its ingest POST:`);
    console.log(row('ingest answered (201)', times.ingest));
    console.log(row('camera_event on the socket (base)', times.socket));
    console.log(row('webhook received (outbox)', times.hook));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
