/**
 * The Socket.IO 4 peer: what most users would pick instead of a hand-made gateway.
 * WebSocket transport only (no long-polling upgrade path), the same HS256 token check as
 * Argus in a connection middleware (`auth: {token}`), the same greeting (connection_status,
 * then the current statistics), Argus's statistics_update on the same grid and a
 * camera_event on `POST /event`, each sent with `io.emit` (Socket.IO encodes a broadcast once).
 * SIGTERM: every socket disconnected by the server, exit 0.
 *
 *   tsx ws/socketio-server.ts   (env: those of ws/baseline.ts)
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import * as baseline from './baseline';

type Message = Record<string, unknown>;

interface ServerToClient {
  connection_status: (message: Message) => void;
  statistics_update: (message: Message) => void;
  camera_event: (message: Message) => void;
}

interface SocketData {
  user: baseline.User;
}

let statistics = baseline.statisticsMessage();
const server = createServer(baseline.eventRoute((message) => io.emit('camera_event', message)));
const io = new Server<Record<string, never>, ServerToClient, Record<string, never>, SocketData>(server, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 16 * 1024,
});

io.use((socket, next) => {
  const user = baseline.verifyToken((socket.handshake.auth as { token?: string }).token);
  if (typeof user === 'string') next(new Error(user));
  else {
    socket.data.user = user;
    next();
  }
});

io.on('connection', (socket) => {
  socket.emit('connection_status', baseline.helloMessage(socket.data.user));
  socket.emit('statistics_update', statistics);
});

baseline.everyTick(() => {
  statistics = baseline.statisticsMessage();
  io.emit('statistics_update', statistics);
});

/** Bytes of a Socket.IO event packet on the wire: engine.io "4" (message) + socket.io "2" (event) + JSON. */
const packetBytes = (name: keyof ServerToClient, message: Message): number =>
  Buffer.byteLength(`42${JSON.stringify([name, message])}`);

baseline.listen(server, {
  statistics: packetBytes('statistics_update', statistics),
  event: packetBytes('camera_event', baseline.eventMessage(1)),
});

baseline.onSigterm((done) => {
  io.disconnectSockets(true);
  void io.close(() => done());
});
