/**
 * Live socket benchmark: N authenticated sockets on the built Argus server against a
 * bare `ws` server baseline, measured the same way in the same run.
 *
 * Server and clients are separate processes (the server is `node backend/dist/main.js`,
 * the clients are forked workers), clients bind to several loopback source addresses
 * (127.0.0.2, .3, ...) to stay clear of the ephemeral port range, and everything runs on
 * loopback. Reports handshakes per second with p50/p99 latency, server memory per socket
 * (RSS from /proc and heap after GC, asked over IPC from bench/ws/metrics-preload.js), the
 * statistics fan-out latency from the tick to the last socket, event delivery latency
 * from the HTTP ingest to the last socket, and the graceful shutdown (1001 to all, exit 0).
 *
 *   npm run bench:ws                       (10,000 sockets over 2,000 users)
 *   BENCH_SOCKETS=2000 npm run bench:ws    (or: npm run bench:ws -- 2000)
 *
 * Env: BENCH_SOCKETS, BENCH_USERS, BENCH_TICKS (10), BENCH_EVENTS (5),
 * BENCH_INTERVAL_MS (1000), BENCH_CONCURRENCY (200 handshakes in flight),
 * BENCH_WORKERS (client processes, 1), BENCH_ADDRESSES (loopback sources, 8).
 * Exits 1 when a target is missed; stops by itself within 10 minutes.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { percentile, type ConnectCommand, type TickSample, type WorkerCommand, type WorkerReply } from './ws/protocol';

const root = resolve(__dirname, '..');
const N = Number(process.argv[2] ?? process.env.BENCH_SOCKETS ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? Math.max(1, Math.ceil(N / 5)));
const PER_USER = Math.ceil(N / USERS);
const TICKS = Number(process.env.BENCH_TICKS ?? 10);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const ADDRESSES = Array.from({ length: Number(process.env.BENCH_ADDRESSES ?? 8) }, (_, i) => `127.0.0.${i + 2}`);
const TIME_LIMIT_MS = 9.5 * 60_000;
const ADMIN_PASSWORD = 'bench-admin-password';

const TARGET_FANOUT_RATIO = 1.5;
const TARGET_BYTES_PER_SOCKET = 20 * 1024;

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

function cleanup(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`benchmark exceeded ${TIME_LIMIT_MS / 60_000} minutes: stopping`);
  cleanup();
  process.exit(2);
}, TIME_LIMIT_MS).unref();

// ------------------------------------------------------------------ helpers

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? NaN : Number(match[1]) * 1024;
}

/** A server process whose stdout is scanned for BENCH_METRICS lines. */
class ServerProcess {
  private buffer = '';
  private waiters: Array<(line: string) => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    children.add(child);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake(line);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`));
    this.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  }

  line(prefix: string, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolveLine, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${prefix}" line from the server`)), timeoutMs);
      const wait = (line: string): void => {
        if (line.startsWith(prefix)) {
          clearTimeout(timer);
          resolveLine(line.slice(prefix.length).trim());
        } else this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }

  async memory(): Promise<{ rss: number; heapUsed: number; external: number; arrayBuffers: number }> {
    const usage = await new Promise<{ heapUsed: number; external: number; arrayBuffers: number }>(
      (resolveUsage, reject) => {
        const timer = setTimeout(() => reject(new Error('no memory answer from the server')), 10_000);
        const onMessage = (message: unknown): void => {
          if (typeof message !== 'object' || message === null || !('benchMemory' in message)) return;
          clearTimeout(timer);
          this.child.off('message', onMessage);
          resolveUsage(
            (message as { benchMemory: { heapUsed: number; external: number; arrayBuffers: number } }).benchMemory,
          );
        };
        this.child.on('message', onMessage);
        this.child.send('bench:memory');
      },
    );
    return {
      rss: rssBytes(this.child.pid!),
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
    };
  }
}

class Workers {
  private readonly workers: ChildProcess[] = [];
  private readonly replies = new Map<ChildProcess, Array<(reply: WorkerReply) => void>>();

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const worker = fork(join(__dirname, 'ws', 'client-worker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        cwd: __dirname,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.add(worker);
      this.replies.set(worker, []);
      worker.on('message', (reply: WorkerReply) => this.replies.get(worker)?.shift()?.(reply));
      this.workers.push(worker);
    }
  }

  /** Sends one command per worker and waits for each answer. */
  ask<T extends WorkerReply>(commands: (worker: number) => WorkerCommand): Promise<T[]> {
    return Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<T>((resolveReply) => {
            this.replies.get(worker)!.push((reply) => resolveReply(reply as T));
            worker.send(commands(index));
          }),
      ),
    );
  }

  get size(): number {
    return this.workers.length;
  }

  kill(): void {
    for (const worker of this.workers) worker.kill();
  }
}

async function httpJson<T>(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function waitHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** HS256 exactly as the server signs (contract §1 claims). */
function signToken(secret: string, user: { id: number; username: string }, ttlSeconds: number): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = encode({ alg: 'HS256', typ: 'JWT' });
  const body = encode({
    sub: user.id,
    username: user.username,
    role: 'viewer',
    iat: now,
    exp: now + ttlSeconds,
    jti: randomUUID(),
  });
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

async function inBatches<T>(count: number, parallel: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

// ------------------------------------------------------------------ one measured run

interface RunResult {
  name: string;
  opened: number;
  failed: number;
  firstError: string | null;
  handshakesPerSecond: number;
  handshakeP50: number;
  handshakeP99: number;
  rssPerSocket: number;
  heapPerSocket: number;
  externalPerSocket: number;
  rssBefore: number;
  rssAfter: number;
  fanoutLast: number[];
  fanoutAll: number[];
  ticksComplete: number;
  eventLast: number[];
  eventsComplete: number;
  statisticsFrameBytes: number;
  eventFrameBytes: number;
  shutdown: { codes: Record<string, number>; unexpectedBeforeClose: number; exitCode: number | null; ms: number };
}

interface Target {
  name: string;
  wsUrl: string;
  tokens: string[] | null;
  server: ServerProcess;
  /** Produces one camera event and answers its id. */
  emitEvent: () => Promise<number>;
}

interface Session {
  target: Target;
  workers: Workers;
  perWorker: number[];
  result: RunResult;
}

/** Opens N sockets to one server (the only load on it), with its memory before and after. */
async function connectAll(target: Target): Promise<Session> {
  const workers = new Workers(WORKERS);
  const before = await target.server.memory();
  console.log(
    `[${target.name}] opening ${N} sockets (${CONCURRENCY} in flight, ${ADDRESSES.length} source addresses)...`,
  );
  const share = Math.ceil(N / workers.size);
  const connected = await workers.ask<Extract<WorkerReply, { type: 'connected' }>>((w): ConnectCommand => ({
    cmd: 'connect',
    url: target.wsUrl,
    tokens: target.tokens,
    from: w * share,
    to: Math.min(N, (w + 1) * share),
    localAddresses: ADDRESSES,
    concurrency: Math.max(1, Math.floor(CONCURRENCY / workers.size)),
  }));
  const opened = connected.reduce((sum, r) => sum + r.opened, 0);
  const failed = connected.reduce((sum, r) => sum + r.failed, 0);
  const durationMs = Math.max(...connected.map((r) => r.durationMs));
  const handshakes = connected.flatMap((r) => r.latencies);
  const firstError = connected.find((r) => r.firstError !== null)?.firstError ?? null;
  console.log(
    `[${target.name}] ${opened} open, ${failed} failed${firstError ? ` (${firstError})` : ''} in ${(durationMs / 1000).toFixed(1)} s`,
  );
  await sleep(1000);
  const after = await target.server.memory();
  return {
    target,
    workers,
    perWorker: connected.map((r) => r.opened),
    result: {
      name: target.name,
      opened,
      failed,
      firstError,
      handshakesPerSecond: (opened / durationMs) * 1000,
      handshakeP50: percentile(handshakes, 50),
      handshakeP99: percentile(handshakes, 99),
      rssPerSocket: (after.rss - before.rss) / Math.max(1, opened),
      heapPerSocket: (after.heapUsed - before.heapUsed) / Math.max(1, opened),
      externalPerSocket: (after.external - before.external) / Math.max(1, opened),
      rssBefore: before.rss,
      rssAfter: after.rss,
      fanoutLast: [],
      fanoutAll: [],
      ticksComplete: 0,
      eventLast: [],
      eventsComplete: 0,
      statisticsFrameBytes: Math.max(...connected.map((r) => r.statisticsFrameBytes)),
      eventFrameBytes: 0,
      shutdown: { codes: {}, unexpectedBeforeClose: 0, exitCode: null, ms: 0 },
    },
  };
}

/** The next TICKS statistics ticks that reach every socket: tick time → last socket. */
async function collectTicks(session: Session): Promise<void> {
  const { workers, perWorker, result } = session;
  const replies = await workers.ask<Extract<WorkerReply, { type: 'ticks' }>>((w) => ({
    cmd: 'ticks',
    count: TICKS,
    expected: perWorker[w],
    timeoutMs: INTERVAL_MS * (TICKS + 5),
  }));
  const byTick = new Map<number, TickSample[]>();
  for (const reply of replies) {
    for (const tick of reply.ticks) byTick.set(tick.sentAt, [...(byTick.get(tick.sentAt) ?? []), tick]);
  }
  for (const [sentAt, samples] of byTick) {
    const received = samples.reduce((sum, s) => sum + s.received, 0);
    if (received < result.opened) continue;
    result.ticksComplete += 1;
    result.fanoutLast.push(Math.max(...samples.map((s) => s.lastAt)) - sentAt);
    for (const s of samples) for (const l of s.latencies) result.fanoutAll.push(l);
  }
}

/** One event: from the start of its HTTP ingest until the last socket has it. */
async function deliverEvent(session: Session): Promise<void> {
  const { workers, perWorker, result, target } = session;
  const started = Date.now();
  const id = await target.emitEvent();
  const replies = await workers.ask<Extract<WorkerReply, { type: 'event' }>>((w) => ({
    cmd: 'event',
    id,
    expected: perWorker[w],
    timeoutMs: 10_000,
  }));
  const received = replies.reduce((sum, r) => sum + r.received, 0);
  result.eventFrameBytes = Math.max(result.eventFrameBytes, ...replies.map((r) => r.frameBytes));
  if (received >= result.opened) {
    result.eventsComplete += 1;
    result.eventLast.push(Math.max(...replies.map((r) => r.lastAt)) - started);
  }
}

/** SIGTERM with every socket open: each should get 1001 and the server exit 0. */
async function shutdown(session: Session): Promise<void> {
  const { workers, result, target } = session;
  console.log(`[${target.name}] SIGTERM with ${result.opened} sockets open...`);
  const stopping = Date.now();
  const closing = workers.ask<Extract<WorkerReply, { type: 'closed' }>>(() => ({
    cmd: 'expect-close',
    timeoutMs: 30_000,
  }));
  await sleep(50);
  target.server.child.kill('SIGTERM');
  const [exit, closes] = await Promise.all([target.server.exited, closing]);
  for (const reply of closes) {
    for (const [code, n] of Object.entries(reply.codes))
      result.shutdown.codes[code] = (result.shutdown.codes[code] ?? 0) + n;
  }
  result.shutdown.unexpectedBeforeClose = closes.reduce((sum, r) => sum + r.unexpectedBeforeClose, 0);
  result.shutdown.exitCode = exit.code;
  result.shutdown.ms = Date.now() - stopping;
  workers.kill();
}

/**
 * One probe socket on Argus: the statistics and camera_event frame sizes (the baseline
 * sends the same sizes) and the phase of Argus's tick grid (the baseline ticks half an
 * interval later, so the two broadcasts never overlap).
 */
async function probe(argus: Target): Promise<{ statsBytes: number; eventBytes: number; phaseMs: number }> {
  const ws = new WebSocket(`${argus.wsUrl}?token=${argus.tokens![0]}`);
  const frames: Buffer[] = [];
  ws.on('message', (data: Buffer) => frames.push(data));
  const wait = async (check: () => Buffer | undefined): Promise<Buffer> => {
    const deadline = Date.now() + INTERVAL_MS * 3 + 5000;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('probe socket: no answer');
      await sleep(10);
    }
  };
  const isType = (frame: Buffer, type: string): boolean =>
    frame.toString('latin1', 0, 40).startsWith(`{"type":"${type}"`);
  // The second statistics_update is a real tick (the first is the connect snapshot).
  const tick = await wait(() => frames.filter((f) => isType(f, 'statistics_update'))[1]);
  const timestamp = (JSON.parse(tick.toString()) as { timestamp: string }).timestamp;
  await argus.emitEvent();
  const event = await wait(() => frames.find((f) => isType(f, 'camera_event')));
  ws.close();
  await new Promise((r) => ws.once('close', r));
  await sleep(200);
  return { statsBytes: tick.length, eventBytes: event.length, phaseMs: Date.parse(timestamp) % INTERVAL_MS };
}

// ------------------------------------------------------------------ the two servers

async function startArgus(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-ws-bench-'));
  tempDirs.push(dataDir);
  const port = await freePort();
  const secret = randomBytes(48).toString('base64url');
  const child = spawn(
    process.execPath,
    ['--expose-gc', '-r', join(__dirname, 'ws', 'metrics-preload.js'), join(root, 'backend', 'dist', 'main.js')],
    {
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        JWT_SECRET: secret,
        JWT_TTL_SECONDS: '3600',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD,
        PASSWORD_HASH_ROUNDS: '4',
        MAX_CONNECTIONS_PER_USER: String(Math.max(5, PER_USER)),
        STATS_INTERVAL_MS: String(INTERVAL_MS),
        SIMULATOR: 'off',
        LOG_LEVEL: 'warn',
        STATIC_DIR: 'off',
        TZ: 'UTC',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const server = new ServerProcess(child);
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/api/health`, 30_000);
  const admin = await httpJson<{ access_token: string }>(`${base}/api/auth/login`, {
    method: 'POST',
    body: { username: 'admin', password: ADMIN_PASSWORD },
  });
  console.log(`[argus] creating ${USERS} users...`);
  const users = await inBatches(USERS, 8, (i) =>
    httpJson<{ id: number; username: string }>(`${base}/api/users`, {
      method: 'POST',
      token: admin.access_token,
      body: { username: `bench-${i}`, password: 'bench-password-1', role: 'viewer' },
    }),
  );
  const tokens = users.map((user) => signToken(secret, user, 3600));
  const camera = await httpJson<{ id: number }>(`${base}/api/cameras`, {
    method: 'POST',
    token: admin.access_token,
    body: { name: 'Bench camera', location: 'Loopback' },
  });
  return {
    name: 'argus',
    wsUrl: `ws://127.0.0.1:${port}/api/ws/statistics`,
    tokens,
    server,
    emitEvent: async () =>
      (
        await httpJson<{ id: number }>(`${base}/api/cameras/${camera.id}/events`, {
          method: 'POST',
          token: admin.access_token,
          body: { event_type: 'motion_detected', confidence: 0.9 },
        })
      ).id,
  };
}

async function startBare(statsBytes: number, eventBytes: number, phaseMs: number): Promise<Target> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      join(__dirname, 'ws', 'metrics-preload.js'),
      '--import',
      'tsx',
      join(__dirname, 'ws', 'bare-server.ts'),
    ],
    {
      cwd: __dirname,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        INTERVAL_MS: String(INTERVAL_MS),
        STATS_BYTES: String(statsBytes),
        EVENT_BYTES: String(eventBytes),
        PHASE_MS: String(Math.round(phaseMs)),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const server = new ServerProcess(child);
  const port = Number(await server.line('BARE_READY', 30_000));
  return {
    name: 'bare ws',
    wsUrl: `ws://127.0.0.1:${port}/`,
    tokens: null,
    server,
    emitEvent: async () => (await httpJson<{ id: number }>(`http://127.0.0.1:${port}/event`, { method: 'POST' })).id,
  };
}

// ------------------------------------------------------------------ report

const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');

function report(argus: RunResult, bare: RunResult): { text: string; failures: string[] } {
  const rows: Array<[string, string, string, string]> = [
    ['sockets open / failed', `${argus.opened} / ${argus.failed}`, `${bare.opened} / ${bare.failed}`, ''],
    [
      'handshakes per second',
      argus.handshakesPerSecond.toFixed(0),
      bare.handshakesPerSecond.toFixed(0),
      ratio(argus.handshakesPerSecond, bare.handshakesPerSecond),
    ],
    ['handshake p50', ms(argus.handshakeP50), ms(bare.handshakeP50), ratio(argus.handshakeP50, bare.handshakeP50)],
    ['handshake p99', ms(argus.handshakeP99), ms(bare.handshakeP99), ratio(argus.handshakeP99, bare.handshakeP99)],
    [
      'server RSS per socket',
      kb(argus.rssPerSocket),
      kb(bare.rssPerSocket),
      ratio(argus.rssPerSocket, bare.rssPerSocket),
    ],
    [
      'server heap per socket (after GC)',
      kb(argus.heapPerSocket),
      kb(bare.heapPerSocket),
      ratio(argus.heapPerSocket, bare.heapPerSocket),
    ],
    ['server external per socket', kb(argus.externalPerSocket), kb(bare.externalPerSocket), ''],
    ['statistics frame', `${argus.statisticsFrameBytes} B`, `${bare.statisticsFrameBytes} B`, ''],
    ['ticks complete', `${argus.ticksComplete}/${TICKS}`, `${bare.ticksComplete}/${TICKS}`, ''],
    [
      'fan-out to last socket p50',
      ms(percentile(argus.fanoutLast, 50)),
      ms(percentile(bare.fanoutLast, 50)),
      ratio(percentile(argus.fanoutLast, 50), percentile(bare.fanoutLast, 50)),
    ],
    [
      'fan-out to last socket p99',
      ms(percentile(argus.fanoutLast, 99)),
      ms(percentile(bare.fanoutLast, 99)),
      ratio(percentile(argus.fanoutLast, 99), percentile(bare.fanoutLast, 99)),
    ],
    [
      'fan-out to last socket max',
      ms(Math.max(...argus.fanoutLast)),
      ms(Math.max(...bare.fanoutLast)),
      ratio(Math.max(...argus.fanoutLast), Math.max(...bare.fanoutLast)),
    ],
    [
      'fan-out per message p50',
      ms(percentile(argus.fanoutAll, 50)),
      ms(percentile(bare.fanoutAll, 50)),
      ratio(percentile(argus.fanoutAll, 50), percentile(bare.fanoutAll, 50)),
    ],
    [
      'fan-out per message p99',
      ms(percentile(argus.fanoutAll, 99)),
      ms(percentile(bare.fanoutAll, 99)),
      ratio(percentile(argus.fanoutAll, 99), percentile(bare.fanoutAll, 99)),
    ],
    ['event frame', `${argus.eventFrameBytes} B`, `${bare.eventFrameBytes} B`, ''],
    ['events reaching every socket', `${argus.eventsComplete}/${EVENTS}`, `${bare.eventsComplete}/${EVENTS}`, ''],
    [
      'event ingest → last socket p50',
      ms(percentile(argus.eventLast, 50)),
      ms(percentile(bare.eventLast, 50)),
      ratio(percentile(argus.eventLast, 50), percentile(bare.eventLast, 50)),
    ],
    [
      'event ingest → last socket max',
      ms(Math.max(...argus.eventLast)),
      ms(Math.max(...bare.eventLast)),
      ratio(Math.max(...argus.eventLast), Math.max(...bare.eventLast)),
    ],
    ['shutdown: close codes seen', JSON.stringify(argus.shutdown.codes), JSON.stringify(bare.shutdown.codes), ''],
    [
      'shutdown: exit code, time',
      `${argus.shutdown.exitCode}, ${argus.shutdown.ms} ms`,
      `${bare.shutdown.exitCode}, ${bare.shutdown.ms} ms`,
      '',
    ],
    [
      'sockets dropped before shutdown',
      String(argus.shutdown.unexpectedBeforeClose),
      String(bare.shutdown.unexpectedBeforeClose),
      '',
    ],
  ];
  const widths = [0, 1, 2, 3].map((c) =>
    Math.max(...rows.map((r) => r[c].length), ['metric', 'argus', 'bare ws', 'ratio'][c].length),
  );
  const line = (r: string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  const text = [
    line(['metric', 'argus', 'bare ws', 'ratio']),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');

  const failures: string[] = [];
  if (argus.opened !== N || argus.failed > 0)
    failures.push(`${argus.opened}/${N} sockets opened (${argus.failed} failed: ${argus.firstError})`);
  if (argus.shutdown.unexpectedBeforeClose > 0)
    failures.push(`${argus.shutdown.unexpectedBeforeClose} sockets dropped while held`);
  if (argus.ticksComplete < TICKS) failures.push(`only ${argus.ticksComplete}/${TICKS} ticks reached every socket`);
  const fanoutRatio = percentile(argus.fanoutLast, 99) / percentile(bare.fanoutLast, 99);
  if (!(fanoutRatio <= TARGET_FANOUT_RATIO))
    failures.push(`fan-out p99 is ${fanoutRatio.toFixed(2)}x the baseline (target ${TARGET_FANOUT_RATIO}x)`);
  if (!(argus.rssPerSocket < TARGET_BYTES_PER_SOCKET))
    failures.push(`server RSS per socket ${kb(argus.rssPerSocket)} (target < 20 KB)`);
  if (argus.eventsComplete < EVENTS)
    failures.push(`only ${argus.eventsComplete}/${EVENTS} events reached every socket`);
  if (argus.shutdown.exitCode !== 0) failures.push(`server exited with ${argus.shutdown.exitCode} on SIGTERM`);
  if ((argus.shutdown.codes['1001'] ?? 0) !== argus.opened) failures.push('not every socket got 1001 on shutdown');
  return { text, failures };
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`ws bench: ${N} sockets, ${USERS} users (${PER_USER} per user), ${TICKS} ticks every ${INTERVAL_MS} ms`);
  console.log('building shared and backend (tsc)...');
  execFileSync('npm', ['run', 'build', '-w', '@argus/shared'], { cwd: root, stdio: 'ignore' });
  execFileSync('npm', ['run', 'build', '-w', '@argus/backend'], { cwd: root, stdio: 'ignore' });

  const argusTarget = await startArgus();
  const sizes = await probe(argusTarget);
  const bareTarget = await startBare(
    sizes.statsBytes,
    sizes.eventBytes,
    (sizes.phaseMs + INTERVAL_MS / 2) % INTERVAL_MS,
  );
  // Baseline first: Argus's handshakes are then timed with the baseline's ticks running.
  const bareSession = await connectAll(bareTarget);
  const argusSession = await connectAll(argusTarget);
  console.log(`measuring ${TICKS} statistics ticks on both servers at once (grids half an interval apart)...`);
  await Promise.all([collectTicks(argusSession), collectTicks(bareSession)]);
  console.log(`delivering ${EVENTS} events to each, alternating...`);
  for (let i = 0; i < EVENTS; i++) {
    await deliverEvent(argusSession);
    await sleep(100);
    await deliverEvent(bareSession);
    await sleep(100);
  }
  await shutdown(argusSession);
  await shutdown(bareSession);
  const argus = argusSession.result;
  const bare = bareSession.result;
  // A fast connect phase may end before the baseline's first tick: it sends the probed size.
  if (bare.statisticsFrameBytes === 0) bare.statisticsFrameBytes = sizes.statsBytes;
  const { text, failures } = report(argus, bare);

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average at end ${load}`;
  console.log(`\nmachine: ${machine}\n`);
  console.log(text);
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `ws-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const strip = (r: RunResult) => ({ ...r, fanoutAll: undefined, fanoutAllCount: r.fanoutAll.length });
  writeFileSync(
    file,
    JSON.stringify(
      { machine, sockets: N, users: USERS, argus: strip(argus), bare: strip(bare), table: text, failures },
      null,
      2,
    ),
  );
  console.log(`results: ${file}`);
  if (failures.length > 0) {
    console.log(`\nTARGETS MISSED:\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  } else console.log('\nall targets met');
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(cleanup);
