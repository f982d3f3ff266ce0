/**
 * One server measured alone: N sockets opened through the client workers (handshakes per
 * second and latency), memory and open files before and after, the next ticks and a few
 * ingested events to the last socket, then SIGTERM with every socket open.
 */
import type { Memory, OpenFiles, ServerProcess } from '../lib/server-process';
import { sleep } from '../lib/net';
import { percentile } from '../lib/stats';
import type { ClientKind, TickSample } from './protocol';
import { Workers } from './workers';

/** `argus-off`: Argus again with METRICS_ENABLED=off, for what the metrics cost. */
export type ServerKey = 'argus' | 'argus-off' | 'ws-jwt' | 'socket.io' | 'ws';

export interface Target {
  key: ServerKey;
  client: ClientKind;
  url: string;
  tokens: string[] | null;
  server: ServerProcess;
  /** Produces one camera event on the server (the HTTP ingest for Argus) and answers its id. */
  emitEvent: () => Promise<number>;
  /** Bytes on the wire of one statistics_update and one camera_event. */
  frames: { statistics: number; event: number };
}

export interface Settings {
  sockets: number;
  /** Sockets opened and closed again before the measurement (warms the JIT on both sides). */
  warmup: number;
  ticks: number;
  events: number;
  intervalMs: number;
  concurrency: number;
  workers: number;
  sources: string[];
}

export interface RunResult {
  key: ServerKey;
  frames: Target['frames'];
  /** Why the server was not measured (e.g. too few file descriptors); null when it was. */
  skipped: string | null;
  opened: number;
  failed: number;
  firstError: string | null;
  handshakesPerSecond: number;
  handshakeP50: number;
  handshakeP99: number;
  memoryBefore: Memory | null;
  memoryAfter: Memory | null;
  filesBefore: OpenFiles;
  filesAfter: OpenFiles | null;
  /** Per complete tick: its timestamp → the last socket's receive time (ms). */
  fanoutLast: number[];
  ticksComplete: number;
  /** Per complete event: start of its ingest → the last socket's receive time (ms). */
  eventLast: number[];
  eventsComplete: number;
  shutdown: { reasons: Record<string, number>; droppedWhileHeld: number; exitCode: number | null; ms: number };
}

export const perSocket = (before: number | undefined, after: number | undefined, sockets: number): number =>
  before === undefined || after === undefined || sockets === 0 ? NaN : (after - before) / sockets;

/** The server must hold every socket plus what it already has open (a margin for the database, logs...). */
function fileShortfall(files: OpenFiles, sockets: number): string | null {
  const needed = files.open + sockets + 64;
  return files.limit >= needed
    ? null
    : `server may open ${files.limit} files, needs ${needed} (${files.open} open + ${sockets} sockets + 64): raise ulimit -n`;
}

function open(target: Target, settings: Settings, workers: Workers, cmd: 'connect' | 'warmup', count: number) {
  const share = Math.ceil(count / workers.size);
  return workers.ask('connected', (w) => ({
    cmd,
    kind: target.client,
    url: target.url,
    tokens: target.tokens,
    from: w * share,
    to: Math.min(count, (w + 1) * share),
    localAddresses: settings.sources,
    concurrency: Math.max(1, Math.floor(settings.concurrency / workers.size)),
  }));
}

async function connect(target: Target, settings: Settings, workers: Workers, result: RunResult): Promise<number[]> {
  if (settings.warmup > 0) {
    const warm = await open(target, settings, workers, 'warmup', settings.warmup);
    const failed = warm.reduce((sum, r) => sum + r.failed, 0);
    if (failed > 0) {
      console.log(`[${target.key}] warm-up: ${failed} failed (first: ${warm.find((r) => r.firstError)?.firstError})`);
    }
    await sleep(500); // the server releases the warm-up sockets' cap slots
  }
  result.memoryBefore = await target.server.memory();
  console.log(`[${target.key}] opening ${settings.sockets} sockets (${settings.concurrency} in flight)...`);
  const replies = await open(target, settings, workers, 'connect', settings.sockets);
  const latencies = replies.flatMap((r) => r.latencies);
  result.opened = replies.reduce((sum, r) => sum + r.opened, 0);
  result.failed = replies.reduce((sum, r) => sum + r.failed, 0);
  result.firstError = replies.find((r) => r.firstError !== null)?.firstError ?? null;
  result.handshakesPerSecond = (result.opened / Math.max(...replies.map((r) => r.durationMs))) * 1000;
  result.handshakeP50 = percentile(latencies, 50);
  result.handshakeP99 = percentile(latencies, 99);
  return replies.map((r) => r.opened);
}

async function collectTicks(workers: Workers, perWorker: number[], settings: Settings, result: RunResult) {
  const replies = await workers.ask('ticks', (w) => ({
    cmd: 'ticks',
    count: settings.ticks,
    expected: perWorker[w],
    timeoutMs: settings.intervalMs * (settings.ticks + 5),
  }));
  const byTick = new Map<number, TickSample[]>();
  for (const tick of replies.flatMap((r) => r.ticks)) {
    byTick.set(tick.sentAt, [...(byTick.get(tick.sentAt) ?? []), tick]);
  }
  for (const [sentAt, samples] of byTick) {
    if (samples.reduce((sum, s) => sum + s.received, 0) < result.opened) continue;
    result.ticksComplete += 1;
    result.fanoutLast.push(Math.max(...samples.map((s) => s.lastAt)) - sentAt);
  }
}

async function deliverEvent(target: Target, workers: Workers, perWorker: number[], result: RunResult) {
  const started = Date.now();
  const id = await target.emitEvent();
  const replies = await workers.ask('event', (w) => ({ cmd: 'event', id, expected: perWorker[w], timeoutMs: 10_000 }));
  if (replies.reduce((sum, r) => sum + r.received, 0) < result.opened) return;
  result.eventsComplete += 1;
  result.eventLast.push(Math.max(...replies.map((r) => r.lastAt)) - started);
}

async function shutdown(target: Target, workers: Workers, result: RunResult): Promise<void> {
  console.log(`[${target.key}] SIGTERM with ${result.opened} sockets open...`);
  const closing = workers.ask('closed', () => ({ cmd: 'expect-close', timeoutMs: 30_000 }));
  await sleep(50);
  const [exit, closes] = await Promise.all([target.server.terminate(), closing]);
  for (const reply of closes) {
    for (const [reason, n] of Object.entries(reply.reasons)) {
      result.shutdown.reasons[reason] = (result.shutdown.reasons[reason] ?? 0) + n;
    }
  }
  result.shutdown.droppedWhileHeld = closes.reduce((sum, r) => sum + r.droppedWhileHeld, 0);
  result.shutdown.exitCode = exit.code;
  result.shutdown.ms = exit.ms;
}

export async function measure(target: Target, settings: Settings): Promise<RunResult> {
  const result: RunResult = {
    key: target.key,
    frames: target.frames,
    skipped: null,
    opened: 0,
    failed: 0,
    firstError: null,
    handshakesPerSecond: NaN,
    handshakeP50: NaN,
    handshakeP99: NaN,
    memoryBefore: null,
    memoryAfter: null,
    filesBefore: target.server.files(),
    filesAfter: null,
    fanoutLast: [],
    ticksComplete: 0,
    eventLast: [],
    eventsComplete: 0,
    shutdown: { reasons: {}, droppedWhileHeld: 0, exitCode: null, ms: 0 },
  };
  result.skipped = fileShortfall(result.filesBefore, settings.sockets);
  if (result.skipped !== null) {
    console.log(`[${target.key}] not measured: ${result.skipped}`);
    result.shutdown.exitCode = (await target.server.terminate()).code;
    return result;
  }
  const workers = new Workers(settings.workers);
  try {
    const perWorker = await connect(target, settings, workers, result);
    console.log(
      `[${target.key}] ${result.opened} open, ${result.failed} failed${result.firstError ? ` (first: ${result.firstError})` : ''}, ${result.handshakesPerSecond.toFixed(0)}/s`,
    );
    await sleep(1000);
    result.memoryAfter = await target.server.memory();
    result.filesAfter = target.server.files();
    console.log(`[${target.key}] ${settings.ticks} ticks, then ${settings.events} events...`);
    await collectTicks(workers, perWorker, settings, result);
    for (let i = 0; i < settings.events; i++) {
      await deliverEvent(target, workers, perWorker, result);
      await sleep(100);
    }
    await shutdown(target, workers, result);
  } finally {
    workers.kill();
  }
  return result;
}
