#!/usr/bin/env node
// Measures what rules with judgement cost at ingest (issue 12): POST /api/cameras/:id/events
// p50 for an event no rule matches, against one that raises an alert through a plain rule
// (default face_unknown), one through a rule with min_confidence, an all-week schedule and a
// cooldown of 0 (every check runs, the alert is raised), and one held back by a cooldown.
// Interleaved, 100 posts each. Runs the built backend (npm run build first) on a fresh SQLite
// file on loopback:
//   node scripts/measure-alert-judgement.mjs
import { withBuiltServer } from './lib/measured-server.mjs';

const POSTS = 100;
const WARMUP = 10;

const p50 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  await withBuiltServer(async ({ base, token, camera }) => {
    const admin = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
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
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
