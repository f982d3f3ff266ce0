/**
 * A benchmark client process: holds its share of the sockets (plain `ws` or socket.io-client)
 * and records only what the measurement needs: per tick and per event, how many sockets
 * received it and when the last one did.
 */
import { opener, type Sink } from './clients';
import type { ConnectCommand, TickSample, WorkerCommand, WorkerReply } from './protocol';

const ticks = new Map<string, TickSample>();
const events = new Map<number, { received: number; lastAt: number }>();
const reasons: Record<string, number> = {};
let opened = 0;
let closed = 0;
let closing = false;
let droppedWhileHeld = 0;

const sink: Sink = {
  tick(timestamp, at) {
    let tick = ticks.get(timestamp);
    if (tick === undefined) {
      tick = { sentAt: Date.parse(timestamp), received: 0, lastAt: 0 };
      ticks.set(timestamp, tick);
    }
    tick.received += 1;
    tick.lastAt = at;
  },
  event(id, at) {
    const entry = events.get(id) ?? { received: 0, lastAt: 0 };
    entry.received += 1;
    entry.lastAt = at;
    events.set(id, entry);
  },
  closed(reason) {
    closed += 1;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    if (!closing) droppedWhileHeld += 1;
  },
};

function reply(message: WorkerReply): void {
  process.send?.(message);
}

async function connect(command: ConnectCommand): Promise<void> {
  const open = opener(command.kind, sink);
  const started = performance.now();
  const latencies: number[] = [];
  const closers: Array<() => void> = [];
  let failed = 0;
  let firstError: string | null = null;
  let next = command.from;
  const lane = async (): Promise<void> => {
    while (next < command.to) {
      const index = next++;
      const token = command.tokens === null ? null : command.tokens[index % command.tokens.length];
      try {
        const socket = await open(command.url, token, command.localAddresses[index % command.localAddresses.length]);
        latencies.push(socket.latency);
        closers.push(socket.close);
        opened += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, lane));
  const durationMs = performance.now() - started;
  if (command.cmd === 'warmup') {
    closing = true;
    for (const close of closers) close();
    await waitFor(() => closed >= opened, 10_000);
    forget();
  }
  reply({ type: 'connected', opened: latencies.length, failed, firstError, latencies, durationMs });
}

/** After the warm-up: nothing of it counts. */
function forget(): void {
  ticks.clear();
  events.clear();
  for (const reason of Object.keys(reasons)) delete reasons[reason];
  opened = closed = droppedWhileHeld = 0;
  closing = false;
}

function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const poll = (): void => {
      if (check() || Date.now() > deadline) return resolve();
      setTimeout(poll, 10);
    };
    poll();
  });
}

async function collectTicks(count: number, expected: number, timeoutMs: number): Promise<void> {
  // Only ticks that start after this command: every socket has had the chance to get them whole.
  const skip = new Set(ticks.keys());
  const fresh = (): TickSample[] => [...ticks.entries()].filter(([ts]) => !skip.has(ts)).map(([, tick]) => tick);
  await waitFor(() => fresh().filter((tick) => tick.received >= expected).length >= count, timeoutMs);
  reply({ type: 'ticks', ticks: fresh().slice(0, count) });
}

async function awaitEvent(id: number, expected: number, timeoutMs: number): Promise<void> {
  await waitFor(() => (events.get(id)?.received ?? 0) >= expected, timeoutMs);
  reply({ type: 'event', id, ...(events.get(id) ?? { received: 0, lastAt: 0 }) });
}

process.on('message', (command: WorkerCommand) => {
  switch (command.cmd) {
    case 'connect':
    case 'warmup':
      void connect(command);
      return;
    case 'ticks':
      void collectTicks(command.count, command.expected, command.timeoutMs);
      return;
    case 'event':
      void awaitEvent(command.id, command.expected, command.timeoutMs);
      return;
    case 'expect-close':
      // The server is about to close every socket (shutdown): wait for each close.
      closing = true;
      void waitFor(() => closed >= opened, command.timeoutMs).then(() =>
        reply({ type: 'closed', reasons, droppedWhileHeld }),
      );
      return;
  }
});

process.on('disconnect', () => process.exit(0));
