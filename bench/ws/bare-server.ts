/**
 * The `ws` baselines: a bare `ws` server on `http`, no framework, no database. With
 * AUTH=jwt (the fair baseline) it verifies the same HS256 token as Argus on every
 * handshake (`?token=`) and closes 4001 on a bad one; with AUTH=none (the reference) it
 * accepts every socket. It greets each socket like Argus (connection_status, then the
 * current statistics), pings every 30 s like Argus's heartbeat, broadcasts Argus's
 * statistics_update on the same grid and a camera_event on `POST /event`; each broadcast
 * is serialized once and the same Buffer goes to every socket. SIGTERM: 1001 to all, exit 0.
 *
 *   tsx ws/bare-server.ts   (env: AUTH, HEARTBEAT_MS, and those of ws/baseline.ts)
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import * as baseline from './baseline';

const authenticate = process.env.AUTH === 'jwt';
const heartbeatMs = Number(process.env.HEARTBEAT_MS ?? 30_000);
const ANONYMOUS: baseline.User = { id: 0, username: 'anonymous' };
const TEXT = { binary: false } as const;

interface Connection {
  user: baseline.User;
  alive: boolean;
}

const connections = new Map<WebSocket, Connection>();
const frame = (message: Record<string, unknown>): Buffer => Buffer.from(JSON.stringify(message));
let statistics = frame(baseline.statisticsMessage());

function broadcast(data: Buffer): void {
  for (const ws of connections.keys()) if (ws.readyState === 1) ws.send(data, TEXT);
}

const server = createServer(baseline.eventRoute((message) => broadcast(frame(message))));
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false, maxPayload: 16 * 1024 });

function onPong(this: WebSocket): void {
  const connection = connections.get(this);
  if (connection) connection.alive = true;
}

wss.on('connection', (ws, req) => {
  ws.on('error', () => undefined);
  let user = ANONYMOUS;
  if (authenticate) {
    const verified = baseline.verifyToken(new URL(req.url ?? '/', 'http://localhost').searchParams.get('token'));
    if (typeof verified === 'string') {
      ws.close(4001, verified);
      return;
    }
    user = verified;
  }
  connections.set(ws, { user, alive: true });
  ws.on('pong', onPong);
  ws.on('close', () => connections.delete(ws));
  ws.send(frame(baseline.helloMessage(user)), TEXT);
  ws.send(statistics, TEXT);
});

setInterval(() => {
  for (const [ws, connection] of connections) {
    if (!connection.alive) ws.terminate();
    else {
      connection.alive = false;
      ws.ping();
    }
  }
}, heartbeatMs).unref();

baseline.everyTick(() => {
  statistics = frame(baseline.statisticsMessage());
  broadcast(statistics);
});

baseline.listen(server, { statistics: statistics.length, event: frame(baseline.eventMessage(1)).length });

baseline.onSigterm((done) => {
  for (const ws of connections.keys()) ws.close(1001, 'Server shutting down');
  server.close(done);
});
