/**
 * Polling endpoints benchmark: requests per second and latency of the two routes the
 * dashboard polls when no socket gets through (`GET /api/faces/statistics` and
 * `GET /api/events?after=<latest>`) on the built Argus server against a bare NestJS app
 * (http/bare-nest-app.ts) with the same auth (passport-jwt, HS256, the same token) that
 * answers a body of the same size. Load from autocannon, the same connections and
 * duration for both, one server after the other, each after its own warm-up.
 *
 *   npm run bench:http
 *
 * Env: BENCH_HTTP_CONNECTIONS (50), BENCH_HTTP_SECONDS (10), BENCH_HTTP_WARMUP_SECONDS (2).
 * Exits 1 when a target is missed; stops by itself within 5 minutes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildBackend, startArgus } from './lib/argus';
import { intEnv } from './lib/env';
import { bounded, run, trackDir } from './lib/lifetime';
import { fmtMs, fmtRate, fmtRatio, finish, ratio, table } from './lib/report';
import { ServerProcess } from './lib/server-process';

const TARGET_RATIO = 0.7;

interface Load {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, connection errors and timeouts. */
  bad: number;
}

async function load(url: string, token: string, seconds: number, connections: number): Promise<Measured> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** The baseline must refuse a missing token and answer the token like Argus, with a body of the same size. */
async function check(url: string, token: string): Promise<number> {
  const anonymous = await fetch(url);
  if (anonymous.status !== 401) throw new Error(`${url} without a token answered ${anonymous.status}, expected 401`);
  const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await answer.text();
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${body}`);
  return Buffer.byteLength(body);
}

async function main(): Promise<void> {
  const started = Date.now();
  const settings: Load = {
    connections: intEnv('BENCH_HTTP_CONNECTIONS', 50, 1, 5000),
    seconds: intEnv('BENCH_HTTP_SECONDS', 10, 1, 120),
    warmupSeconds: intEnv('BENCH_HTTP_WARMUP_SECONDS', 2, 0, 60),
  };
  console.log(
    `http bench: ${settings.connections} connections, ${settings.seconds} s per run after ${settings.warmupSeconds} s of warm-up`,
  );
  buildBackend();
  const argus = await startArgus({ users: 1, connectionsPerUser: 5, statsIntervalMs: 5000 });
  let latest = 0;
  for (let i = 0; i < 20; i++) latest = await argus.ingest();
  const token = argus.tokens[0];
  const routes = [
    { name: 'GET /api/faces/statistics', path: '/api/faces/statistics' },
    { name: 'GET /api/events?after=<latest>', path: `/api/events?after=${latest}` },
  ];
  const answer = async (path: string): Promise<unknown> =>
    (await fetch(`${argus.base}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  const bodiesFile = join(trackDir(mkdtempSync(join(tmpdir(), 'argus-http-bench-'))), 'bodies.json');
  writeFileSync(
    bodiesFile,
    JSON.stringify({ statistics: await answer(routes[0].path), events: await answer(routes[1].path) }),
  );
  const bare = ServerProcess.start(
    join(__dirname, 'http', 'bare-nest-app.ts'),
    { PORT: '0', JWT_SECRET: argus.secret, BODIES: bodiesFile },
    __dirname,
  );
  const bareBase = `http://127.0.0.1:${await bare.line('READY')}`;

  const rows: string[][] = [];
  const failures: string[] = [];
  for (const route of routes) {
    const bytes = [await check(`${argus.base}${route.path}`, token), await check(`${bareBase}${route.path}`, token)];
    const measured: Measured[] = [];
    for (const [name, base] of [
      ['argus', argus.base],
      ['bare nest', bareBase],
    ] as const) {
      console.log(`[${name}] ${route.name}: warm-up, then ${settings.seconds} s...`);
      if (settings.warmupSeconds > 0) {
        await load(`${base}${route.path}`, token, settings.warmupSeconds, settings.connections);
      }
      measured.push(await load(`${base}${route.path}`, token, settings.seconds, settings.connections));
    }
    const [a, b] = measured;
    const rate = ratio(a.perSecond, b.perSecond);
    const rateMet = rate >= TARGET_RATIO;
    if (!rateMet) {
      failures.push(`${route.name}: Argus ${fmtRatio(rate)} of the bare Nest app (target ≥ ${TARGET_RATIO}x)`);
    }
    if (a.bad + b.bad > 0) {
      failures.push(`${route.name}: ${a.bad} bad answers from Argus, ${b.bad} from the bare Nest app`);
    }
    rows.push(
      [
        `${route.name} requests/s`,
        fmtRate(a.perSecond),
        fmtRate(b.perSecond),
        fmtRatio(rate),
        `≥ ${TARGET_RATIO}x`,
        rateMet ? 'yes' : 'NO',
      ],
      [`${route.name} latency p50`, fmtMs(a.p50), fmtMs(b.p50), fmtRatio(ratio(a.p50, b.p50)), '', ''],
      [`${route.name} latency p99`, fmtMs(a.p99), fmtMs(b.p99), fmtRatio(ratio(a.p99, b.p99)), '', ''],
      [`${route.name} non-2xx + errors`, String(a.bad), String(b.bad), '', '0', a.bad + b.bad === 0 ? 'yes' : 'NO'],
      [`${route.name} body bytes`, String(bytes[0]), String(bytes[1]), '', '', ''],
    );
  }
  await Promise.all([argus.server.terminate(), bare.terminate()]);
  const text = table(['figure', 'Argus', 'bare Nest + passport-jwt', 'Argus / bare', 'target', 'met?'], rows);
  finish('http-bench', text, failures, { settings, rows }, started);
}

bounded('bench:http', 5 * 60_000);
run(main);
