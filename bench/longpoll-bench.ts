/**
 * Long-polling benchmark (contract §2 `GET /api/events?after=ID&wait=S`): P concurrent
 * long polls held on one Argus instance by a separate client process, released by one
 * ingested event (every poll must carry it within 1 s), then P more held while the server
 * gets SIGTERM (every poll must end cleanly: an empty page or a closed connection, and the
 * process must exit 0 within docker stop's 10 s grace period).
 *
 *   npm run bench:longpoll
 *
 * Env: BENCH_LONGPOLLS (5000), BENCH_LONGPOLL_WAIT (25 s), BENCH_LONGPOLL_SETTLE_MS (2000),
 * BENCH_ADDRESSES (8). A server without `wait` is reported as a missed target, not a crash.
 * Exits 1 when a target is missed; stops by itself within 5 minutes.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { buildBackend, startArgus, type Argus } from './lib/argus';
import { intEnv } from './lib/env';
import { bounded, run, track } from './lib/lifetime';
import { loopbackSources } from './lib/net';
import { finish, fmtKb, fmtMs, table } from './lib/report';
import { max, percentile } from './lib/stats';
import type { LongPollCommand, LongPollReply } from './longpoll/protocol';

const RELEASE_LIMIT_MS = 1000;
const EXIT_LIMIT_MS = 10_000;

type Answers = Extract<LongPollReply, { type: 'answers' }>;

/** Asks the client process one thing and waits for its answer. */
function ask<K extends LongPollReply['type']>(worker: ReturnType<typeof fork>, type: K, command: LongPollCommand) {
  return new Promise<Extract<LongPollReply, { type: K }>>((resolve, reject) => {
    worker.once('message', (reply: LongPollReply) =>
      reply.type === type ? resolve(reply as Extract<LongPollReply, { type: K }>) : reject(new Error(reply.type)),
    );
    worker.send(command);
  });
}

/** One short long poll: does the server hold `wait` and answer the empty page when it passes? */
async function supportsWait(argus: Argus, after: number): Promise<string | null> {
  const started = Date.now();
  const response = await fetch(`${argus.base}/api/events?after=${after}&wait=1`, {
    headers: { authorization: `Bearer ${argus.tokens[0]}` },
  });
  const body = await response.text();
  const elapsed = Date.now() - started;
  if (response.status !== 200) {
    return `long polling not supported by this server (${response.status}: ${body.slice(0, 160)})`;
  }
  const page = JSON.parse(body) as { items?: unknown[]; next_after?: number };
  if (elapsed < 800) return `long polling not supported by this server (wait=1 answered after ${elapsed} ms)`;
  if (page.items?.length !== 0 || page.next_after !== after) {
    return `wait=1 timed out with ${body.slice(0, 160)}, expected {"items":[],"next_after":${after}}`;
  }
  return null;
}

const outcomes = (a: Answers): string =>
  Object.entries(a.outcomes)
    .map(([outcome, n]) => `${n} × ${outcome}`)
    .join(', ');

async function main(): Promise<void> {
  const started = Date.now();
  const polls = intEnv('BENCH_LONGPOLLS', 5000, 1, 18_000);
  const wait = intEnv('BENCH_LONGPOLL_WAIT', 25, 1, 30);
  const settleMs = intEnv('BENCH_LONGPOLL_SETTLE_MS', 2000, 0, 20_000);
  const sources = loopbackSources(intEnv('BENCH_ADDRESSES', 8, 1, 250));
  console.log(`long-poll bench: ${polls} concurrent GET /api/events?after=<latest>&wait=${wait}`);
  buildBackend();
  const argus = await startArgus({ users: 1, connectionsPerUser: 5, statsIntervalMs: 5000 });
  const latest = await argus.ingest();
  const rows: string[][] = [];
  const failures: string[] = [];
  const target = (figure: string, value: string, goal: string, met: boolean): void => {
    rows.push([figure, value, goal, met ? 'yes' : 'NO']);
    if (!met) failures.push(`${figure}: ${value} (target ${goal})`);
  };

  const unsupported = await supportsWait(argus, latest);
  const files = argus.server.files();
  if (unsupported !== null) {
    target('long polling (wait=1 on an empty cursor)', unsupported, '200 empty page after 1 s', false);
  } else if (files.limit < files.open + polls + 64) {
    target('server open files', `limit ${files.limit}`, `≥ ${files.open + polls + 64}`, false);
  } else {
    const worker = track(
      fork(join(__dirname, 'longpoll', 'worker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const token = argus.tokens[0];
    const heldRound = async (after: number, label: string): Promise<void> => {
      const url = `${argus.base}/api/events?after=${after}&wait=${wait}`;
      const held = await ask(worker, 'held', {
        cmd: 'hold',
        url,
        token,
        count: polls,
        localAddresses: sources,
        settleMs,
      });
      target(
        `${label}: polls held (none answered early)`,
        `${polls - held.answeredEarly}/${polls}${held.firstEarly ? ` (${held.firstEarly})` : ''}`,
        'all',
        held.answeredEarly === 0,
      );
    };

    console.log(`holding ${polls} long polls, then one event...`);
    const before = await argus.server.memory();
    await heldRound(latest, 'release round');
    const during = await argus.server.memory();
    rows.push(['server heap per held poll (after GC)', fmtKb((during.heapUsed - before.heapUsed) / polls), '', '']);
    const ingestAt = Date.now();
    const eventId = await argus.ingest();
    const released = await ask(worker, 'answers', { cmd: 'await', since: ingestAt, eventId, timeoutMs: 10_000 });
    target('polls released with the event', outcomes(released), `${polls} × event`, released.outcomes.event === polls);
    rows.push(['release latency p50 (ingest → answer)', fmtMs(percentile(released.latencies, 50)), '', '']);
    rows.push(['release latency p99', fmtMs(percentile(released.latencies, 99)), '', '']);
    const slowest = max(released.latencies);
    target('release latency max', fmtMs(slowest), `≤ ${RELEASE_LIMIT_MS} ms`, slowest <= RELEASE_LIMIT_MS);

    console.log(`holding ${polls} long polls, then SIGTERM...`);
    await heldRound(eventId, 'SIGTERM round');
    const stopAt = Date.now();
    const [exit, ended] = await Promise.all([
      argus.server.terminate(),
      ask(worker, 'answers', { cmd: 'await', since: stopAt, eventId: null, timeoutMs: (wait + 10) * 1000 }),
    ]);
    const clean = (ended.outcomes.empty ?? 0) + (ended.outcomes.closed ?? 0);
    target('SIGTERM: polls ended cleanly (empty page or closed)', outcomes(ended), `${polls} clean`, clean === polls);
    target(
      'SIGTERM: last poll ended after',
      fmtMs(max(ended.latencies)),
      `≤ ${EXIT_LIMIT_MS} ms`,
      max(ended.latencies) <= EXIT_LIMIT_MS,
    );
    target(
      'SIGTERM: exit code, time',
      `${exit.code}, ${exit.ms} ms`,
      `0, ≤ ${EXIT_LIMIT_MS} ms`,
      exit.code === 0 && exit.ms <= EXIT_LIMIT_MS,
    );
    for (const [outcome, example] of Object.entries({ ...released.examples, ...ended.examples })) {
      console.log(`example of "${outcome}": ${example}`);
    }
  }
  if (argus.server.running) await argus.server.terminate();
  finish(
    'longpoll-bench',
    table(['figure', 'Argus', 'target', 'met?'], rows),
    failures,
    { polls, wait, rows },
    started,
  );
}

bounded('bench:longpoll', 5 * 60_000);
run(main);
