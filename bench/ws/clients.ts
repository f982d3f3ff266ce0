/**
 * One benchmark socket of either kind. Each resolves with its handshake latency (socket
 * created → first server message, the `connection_status`) and then reports every
 * statistics tick and camera event it receives to the worker's sink.
 */
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientKind } from './protocol';

export interface Sink {
  tick(timestamp: string, at: number): void;
  event(id: number, at: number): void;
  closed(reason: string): void;
}

export interface Opened {
  /** Socket created → first server message, in ms. */
  latency: number;
  /** Closes the socket from the client side (its close reaches the sink like any other). */
  close: () => void;
}

export type Opener = (url: string, token: string | null, localAddress: string) => Promise<Opened>;

const STATS_TYPE = Buffer.from('{"type":"statistics_update"');
const TIMESTAMP_KEY = Buffer.from(',"timestamp":"');
const EVENT_TYPE = Buffer.from('{"type":"camera_event"');
const ID_KEY = Buffer.from(',"id":');

const startsWith = (data: Buffer, mark: Buffer, at = 0): boolean =>
  data.length >= at + mark.length && data.compare(mark, 0, mark.length, at, at + mark.length) === 0;

/**
 * One listener shared by every `ws` socket of the worker. It reads the timestamp and the
 * event id at their known places instead of parsing JSON, so the client adds as little as
 * it can to the latencies it measures (JSON.parse only if a server orders keys differently).
 */
function wsListener(sink: Sink): (data: Buffer) => void {
  const tsAt = STATS_TYPE.length + TIMESTAMP_KEY.length;
  return (data) => {
    const now = Date.now();
    if (startsWith(data, STATS_TYPE)) {
      const ts = startsWith(data, TIMESTAMP_KEY, STATS_TYPE.length)
        ? data.toString('latin1', tsAt, tsAt + 24)
        : (JSON.parse(data.toString()) as { timestamp: string }).timestamp;
      sink.tick(ts, now);
    } else if (startsWith(data, EVENT_TYPE)) {
      const at = data.indexOf(ID_KEY);
      const id =
        at > 0 && at < 128
          ? Number.parseInt(data.toString('latin1', at + ID_KEY.length, at + ID_KEY.length + 16), 10)
          : (JSON.parse(data.toString()) as { id: number }).id;
      sink.event(id, now);
    }
  };
}

function wsOpener(sink: Sink): Opener {
  const onMessage = wsListener(sink);
  const onClose = (code: number): void => sink.closed(String(code));
  return (url, token, localAddress) =>
    new Promise((resolve, reject) => {
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
        resolve({ latency: performance.now() - started, close: () => ws.close(1000) });
      });
    });
}

function socketIoOpener(sink: Sink): Opener {
  const onTick = (message: { timestamp: string }): void => sink.tick(message.timestamp, Date.now());
  const onEvent = (message: { id: number }): void => sink.event(message.id, Date.now());
  const onDisconnect = (reason: string): void => sink.closed(reason);
  return (url, token, localAddress) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      // localAddress goes through engine.io-client to `ws` (not in the typings). No compression:
      // the server turns permessage-deflate off, as Argus and the `ws` baselines do.
      const options: Partial<ManagerOptions & SocketOptions> & { localAddress: string } = {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        // The `ws` clients have no handshake timeout; socket.io-client's 20 s default would
        // fail slow handshakes on a loaded machine that the `ws` clients simply wait for.
        timeout: 120_000,
        auth: { token },
        localAddress,
      };
      const socket = io(url, options);
      const fail = (error: Error): void => {
        socket.removeAllListeners();
        socket.disconnect();
        reject(error);
      };
      socket.once('connect_error', fail);
      socket.once('disconnect', (reason: string) => fail(new Error(`disconnected: ${reason}`)));
      socket.once('connection_status', () => {
        socket.removeAllListeners();
        socket.on('statistics_update', onTick);
        socket.on('camera_event', onEvent);
        socket.on('disconnect', onDisconnect);
        resolve({ latency: performance.now() - started, close: () => socket.disconnect() });
      });
    });
}

export function opener(kind: ClientKind, sink: Sink): Opener {
  return kind === 'ws' ? wsOpener(sink) : socketIoOpener(sink);
}
