/**
 * The baseline: a bare `ws` server with no framework, no auth and no database. It
 * accepts every socket, greets it with one message (so handshakes are timed the same
 * way as Argus's connection_status), broadcasts a statistics_update-shaped frame of
 * the requested size on a fixed grid, and broadcasts a camera_event-shaped frame on
 * `POST /event`. Each frame is serialized once and the same Buffer goes to every socket.
 *
 *   tsx bare-server.ts  (env: PORT, INTERVAL_MS, PHASE_MS, STATS_BYTES, EVENT_BYTES)
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
const statsBytes = Number(process.env.STATS_BYTES ?? 300);
const eventBytes = Number(process.env.EVENT_BYTES ?? 200);
const phaseMs = Number(process.env.PHASE_MS ?? 0);

/** `prefix` + padding + `}` to exactly `size` bytes (ASCII). */
function frameOf(prefix: string, size: number): Buffer {
  const base = `${prefix},"pad":""}`;
  const pad = Math.max(0, size - base.length);
  return Buffer.from(`${prefix},"pad":"${'x'.repeat(pad)}"}`);
}

const sockets = new Set<WebSocket>();
const TEXT = { binary: false } as const;
let nextEventId = 1;

function broadcast(frame: Buffer): void {
  for (const ws of sockets) if (ws.readyState === 1) ws.send(frame, TEXT);
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/event') {
    const id = nextEventId++;
    const frame = frameOf(`{"type":"camera_event","timestamp":"${new Date().toISOString()}","id":${id}`, eventBytes);
    broadcast(frame);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    return;
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
const hello = Buffer.from('{"type":"connection_status","status":"connected"}');
wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('error', () => undefined);
  ws.on('close', () => sockets.delete(ws));
  ws.send(hello, TEXT);
});

// A drift-free grid like Argus's ticker, on wall-clock time at PHASE_MS past the interval,
// so the benchmark can put these ticks between Argus's.
function schedule(): void {
  const now = Date.now();
  const next = Math.floor((now - phaseMs) / intervalMs + 1) * intervalMs + phaseMs;
  setTimeout(() => {
    schedule();
    broadcast(frameOf(`{"type":"statistics_update","timestamp":"${new Date().toISOString()}","data":{}`, statsBytes));
  }, next - now);
}

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  process.stdout.write(`BARE_READY ${actual}\n`);
  schedule();
});

process.on('SIGTERM', () => {
  for (const ws of sockets) ws.close(1001, 'Server shutting down');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
});
