/**
 * Statistics benchmark: does the cost of a statistics snapshot and of one events page
 * stay flat as stored events grow from 10,000 to 1,000,000?
 *
 * Builds the backend, boots the real application (initialised, not listening, simulator
 * off) on a fresh SQLite file per size — and, when DATABASE_URL is set, on a fresh
 * PostgreSQL schema per size — seeds events directly, then times the real
 * StatisticsService.compute() and EventsService.listAfter().
 *
 *   npm run bench:stats            (BENCH_SIZES=10000,1000000 by default)
 *   DATABASE_URL=postgres://... npm run bench:stats
 *
 * Exits 1 when a 1M/10k ratio of medians is 2 or more.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Statistics } from '@argus/shared';
import type { createApp as CreateApp } from '../backend/src/app.factory';
import type { loadConfig as LoadConfig } from '../backend/src/config/app-config';
import type { localDay as LocalDay } from '../backend/src/common/time';
import type { CamerasService as CamerasServiceType } from '../backend/src/cameras/cameras.service';
import type { EventsService as EventsServiceType } from '../backend/src/events/events.service';
import type { PeopleService as PeopleServiceType } from '../backend/src/people/people.service';
import type { StatisticsService as StatisticsServiceType } from '../backend/src/statistics/statistics.service';
import { seed } from './stats/seed';

const RUNS = 20;
const WARMUP = 20;
const RATIO_LIMIT = 2;
const DAYS = 30;

const backendDir = resolve(__dirname, '..', 'backend');
const dist = join(backendDir, 'dist');
// Resolve Nest, TypeORM and pg from the backend so the bench shares the app's module instances.
const backendRequire = createRequire(join(backendDir, 'package.json'));

interface Backend {
  createApp: typeof CreateApp;
  loadConfig: typeof LoadConfig;
  localDay: typeof LocalDay;
  CamerasService: typeof CamerasServiceType;
  EventsService: typeof EventsServiceType;
  PeopleService: typeof PeopleServiceType;
  StatisticsService: typeof StatisticsServiceType;
  DataSource: typeof DataSource;
}

interface Measurement {
  database: 'sqlite' | 'postgres';
  events: number;
  seedSeconds: number;
  statsMs: number;
  pageMs: number;
  snapshot: Statistics;
}

function loadBackend(): Backend {
  // tsx does not emit decorator metadata, so the app is run from its compiled output.
  console.log('building backend (tsc)...');
  execFileSync('npm', ['run', 'build', '-w', '@argus/backend'], { cwd: resolve(backendDir, '..'), stdio: 'ignore' });
  const load = <T>(path: string): T => backendRequire(join(dist, path)) as T;
  return {
    createApp: load<{ createApp: typeof CreateApp }>('app.factory').createApp,
    loadConfig: load<{ loadConfig: typeof LoadConfig }>('config/app-config').loadConfig,
    localDay: load<{ localDay: typeof LocalDay }>('common/time').localDay,
    CamerasService: load<{ CamerasService: typeof CamerasServiceType }>('cameras/cameras.service').CamerasService,
    EventsService: load<{ EventsService: typeof EventsServiceType }>('events/events.service').EventsService,
    PeopleService: load<{ PeopleService: typeof PeopleServiceType }>('people/people.service').PeopleService,
    StatisticsService: load<{ StatisticsService: typeof StatisticsServiceType }>('statistics/statistics.service')
      .StatisticsService,
    DataSource: (backendRequire('typeorm') as typeof import('typeorm')).DataSource,
  };
}

async function medianMs(task: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i += 1) await task();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await task();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return (samples[RUNS / 2 - 1] + samples[RUNS / 2]) / 2;
}

async function pgAdmin<T>(url: string, work: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const { Client } = backendRequire('pg') as typeof import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work((sql) => client.query(sql));
  } finally {
    await client.end();
  }
}

async function measure(backend: Backend, database: 'sqlite' | 'postgres', events: number): Promise<Measurement> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-stats-bench-'));
  const timeZone = process.env.TZ ?? 'UTC';
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    ADMIN_PASSWORD: 'bench-admin-password',
    PASSWORD_HASH_ROUNDS: '4',
    SIMULATOR: 'off',
    STATIC_DIR: 'off',
    LOG_LEVEL: 'error',
    // No periodic tick during the measurement: only the bench calls compute().
    STATS_INTERVAL_MS: '3600000',
    TZ: timeZone,
  };
  let schema: string | undefined;
  const url = process.env.DATABASE_URL;
  if (database === 'postgres' && url) {
    schema = `argus_bench_${randomBytes(4).toString('hex')}`;
    await pgAdmin(url, (query) => query(`CREATE SCHEMA ${schema}`));
    env.DATABASE_URL = url;
    env.DATABASE_SCHEMA = schema;
  }
  let app: INestApplication | undefined;
  try {
    const config = backend.loadConfig(env);
    // The whole application, initialised but not listening: the services under test are the real ones.
    app = await backend.createApp(config, { logger: ['error'] });
    await app.init();
    const cameras = [];
    for (let i = 1; i <= 8; i += 1) {
      cameras.push(await app.get(backend.CamerasService).create({ name: `Camera ${i}`, location: `Zone ${i}` }));
    }
    const people = [];
    for (let i = 1; i <= 50; i += 1) people.push(await app.get(backend.PeopleService).create({ name: `Person ${i}` }));

    const seeded = await seed(app.get(backend.DataSource), {
      events,
      days: DAYS,
      now: new Date(),
      timeZone,
      localDay: backend.localDay,
      cameras,
      people,
    });
    const statistics = app.get(backend.StatisticsService);
    const eventsService = app.get(backend.EventsService);
    const middle = Math.floor((seeded.firstId + seeded.lastId) / 2);
    const page = await eventsService.listAfter({ after: middle, limit: 100 });
    if (page.items.length !== 100 || page.items[0].id !== middle + 1) throw new Error('events page is not as seeded');

    const statsMs = await medianMs(() => statistics.compute());
    const pageMs = await medianMs(() => eventsService.listAfter({ after: middle, limit: 100 }));
    const snapshot = await statistics.compute();
    return { database, events, seedSeconds: seeded.seconds, statsMs, pageMs, snapshot };
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (schema && url) await pgAdmin(url, (query) => query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  }
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map((s) => Number(s.trim()));
  if (sizes.length !== 2 || sizes.some((n) => !Number.isInteger(n) || n < 1000)) {
    throw new Error('BENCH_SIZES must be two integers >= 1000, e.g. 10000,1000000');
  }
  const databases: Array<'sqlite' | 'postgres'> = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const backend = loadBackend();
  const started = performance.now();
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
  );
  console.log(`median of ${RUNS} runs after ${WARMUP} warm-up runs; events spread over ${DAYS} days\n`);

  const rows: string[] = [];
  let failed = false;
  for (const database of databases) {
    const results: Measurement[] = [];
    for (const size of sizes) {
      const result = await measure(backend, database, size);
      console.log(
        `${database} ${size.toLocaleString('en-US')} events: seeded in ${result.seedSeconds.toFixed(1)} s, ` +
          `compute() ${fmt(result.statsMs)} ms, listAfter ${fmt(result.pageMs)} ms, ` +
          `events_today=${result.snapshot.events_today} open_alerts=${result.snapshot.open_alerts}`,
      );
      results.push(result);
    }
    const [small, large] = results;
    for (const [label, a, b] of [
      ['statistics compute()', small.statsMs, large.statsMs],
      ['events page listAfter(100)', small.pageMs, large.pageMs],
    ] as const) {
      const ratio = b / a;
      if (ratio >= RATIO_LIMIT) failed = true;
      rows.push(
        `| ${database} | ${label} | ${fmt(a)} | ${fmt(b)} | ${ratio.toFixed(2)} | ${ratio < RATIO_LIMIT ? 'ok' : 'FAIL'} |`,
      );
    }
  }
  const [s, l] = sizes.map((n) => n.toLocaleString('en-US'));
  console.log(`\n| database | operation | ${s} events (ms) | ${l} events (ms) | ratio | < ${RATIO_LIMIT} |`);
  console.log('| --- | --- | ---: | ---: | ---: | --- |');
  for (const row of rows) console.log(row);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (failed) {
    console.error(`\nFAIL: a ratio is ${RATIO_LIMIT} or more: the cost grows with stored events`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
