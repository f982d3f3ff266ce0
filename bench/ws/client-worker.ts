/**
 * A benchmark client process: holds its share of the sockets and records, per message,
 * only what the measurement needs (receive time, tick timestamp, event id), reading
 * fixed offsets instead of parsing JSON so the client adds as little latency as it can.
 */
import WebSocket from 'ws';
import {
  CAMERA_EVENT_PREFIX,
  STATISTICS_PREFIX,
  type ConnectCommand,
  type TickSample,
  type WorkerCommand,
  type WorkerReply,
} from './protocol';

const sockets: WebSocket[] = [];
const ticks = new Map<string, TickSample>();
const events = new Map<number, { received: number; lastAt: number; frameBytes: number }>();
const closeCodes: Record<string, number> = {};
let closing = false;
let unexpectedBeforeClose = 0;
let statisticsFrameBytes = 0;
let closedCount = 0;

const TS_START = STATISTICS_PREFIX.length;
const EVENT_TS_START = CAMERA_EVENT_PREFIX.length;
const STAT_MARK = Buffer.from(STATISTICS_PREFIX);
const EVENT_MARK = Buffer.from(CAMERA_EVENT_PREFIX);

function reply(message: WorkerReply): void {
  process.send?.(message);
}

// One shared listener for every socket: `this` is the socket, nothing per socket.
function onMessage(this: WebSocket, data: Buffer): void {
  const now = Date.now();
  if (data.length > TS_START + 24 && data.compare(STAT_MARK, 0, STAT_MARK.length, 0, STAT_MARK.length) === 0) {
    const ts = data.toString('latin1', TS_START, TS_START + 24);
    statisticsFrameBytes = data.length;
    let tick = ticks.get(ts);
    if (tick === undefined) {
      tick = { sentAt: Date.parse(ts), received: 0, lastAt: 0, latencies: [] };
      ticks.set(ts, tick);
    }
    tick.received += 1;
    tick.lastAt = now;
    tick.latencies.push(now - tick.sentAt);
    return;
  }
  if (data.compare(EVENT_MARK, 0, EVENT_MARK.length, 0, EVENT_MARK.length) === 0) {
    // {"type":"camera_event","timestamp":"<24>","id":123,...
    const head = data.toString('latin1', EVENT_TS_START + 24, EVENT_TS_START + 24 + 32);
    const match = /^","id":(\d+)/.exec(head);
    if (match === null) return;
    const id = Number(match[1]);
    const entry = events.get(id) ?? { received: 0, lastAt: 0, frameBytes: data.length };
    entry.received += 1;
    entry.lastAt = now;
    events.set(id, entry);
  }
}

function onClose(this: WebSocket, code: number): void {
  closedCount += 1;
  closeCodes[code] = (closeCodes[code] ?? 0) + 1;
  if (!closing) unexpectedBeforeClose += 1;
}

function openOne(url: string, token: string | null, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const ws = new WebSocket(token === null ? url : `${url}?token=${token}`, {
      localAddress,
      perMessageDeflate: false,
    });
    const fail = (error: Error): void => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('close', (code: number, reason: Buffer) => fail(new Error(`closed ${code} ${reason.toString()}`)));
    ws.once('message', () => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.on('message', onMessage);
      ws.on('close', onClose);
      sockets.push(ws);
      resolve(performance.now() - started);
    });
  });
}

async function connect(command: ConnectCommand): Promise<void> {
  const started = performance.now();
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  let next = command.from;
  const runLane = async (): Promise<void> => {
    while (next < command.to) {
      const index = next++;
      const token = command.tokens === null ? null : command.tokens[index % command.tokens.length];
      const localAddress = command.localAddresses[index % command.localAddresses.length];
      try {
        latencies.push(await openOne(command.url, token, localAddress));
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, runLane));
  reply({
    type: 'connected',
    opened: sockets.length,
    failed,
    firstError,
    latencies,
    durationMs: performance.now() - started,
    statisticsFrameBytes,
  });
}

function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const poll = (): void => {
      if (check() || Date.now() > deadline) return resolve();
      setTimeout(poll, 20);
    };
    poll();
  });
}

async function collectTicks(count: number, expected: number, timeoutMs: number): Promise<void> {
  // Only ticks that start after this command: every socket has a chance to get them whole.
  const skip = new Set(ticks.keys());
  const complete = (): TickSample[] =>
    [...ticks.entries()].filter(([ts, t]) => !skip.has(ts) && t.received >= expected).map(([, t]) => t);
  await waitFor(() => complete().length >= count, timeoutMs);
  const fresh = [...ticks.entries()].filter(([ts]) => !skip.has(ts)).map(([, t]) => t);
  reply({ type: 'ticks', ticks: fresh.slice(0, count) });
}

async function awaitEvent(id: number, expected: number, timeoutMs: number): Promise<void> {
  await waitFor(() => (events.get(id)?.received ?? 0) >= expected, timeoutMs);
  const entry = events.get(id) ?? { received: 0, lastAt: 0, frameBytes: 0 };
  reply({ type: 'event', id, ...entry });
}

process.on('message', (command: WorkerCommand) => {
  switch (command.cmd) {
    case 'connect':
      void connect(command);
      return;
    case 'ticks':
      void collectTicks(command.count, command.expected, command.timeoutMs);
      return;
    case 'event':
      void awaitEvent(command.id, command.expected, command.timeoutMs);
      return;
    case 'expect-close':
      // The server closes the sockets (shutdown): wait for every close.
      closing = true;
      void waitFor(() => closedCount >= sockets.length, command.timeoutMs).then(() =>
        reply({ type: 'closed', codes: closeCodes, unexpectedBeforeClose }),
      );
      return;
    case 'close':
      closing = true;
      for (const ws of sockets) ws.close(1000);
      void waitFor(() => closedCount >= sockets.length, 10_000).then(() => {
        reply({ type: 'closed', codes: closeCodes, unexpectedBeforeClose });
      });
      return;
  }
});

process.on('disconnect', () => process.exit(0));
