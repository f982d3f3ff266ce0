import * as http from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';
import type { WebSocket, WebSocketServer } from 'ws';

/** One client frame as decoded: which `@SubscribeMessage` and its body. */
export interface DecodedFrame {
  event: string;
  data: unknown;
}
export type FrameDecoder = (data: Buffer, isBinary: boolean) => DecodedFrame;

/**
 * The message data a gateway handler receives: the socket the frame came from and its body
 * (`@MessageBody('body')`). The socket travels in the data, not as Nest's "client" argument,
 * because the handlers are bound once per server (see LiveSocketAdapter): read it with
 * `switchToWs().getData<ClientFrame>().socket`, never `getClient()`.
 */
export interface ClientFrame<T = unknown> {
  socket: WebSocket;
  body: T;
}

type Handler = (data: ClientFrame, event: string) => unknown;

/** One server's message handlers, shared by all its sockets. */
interface DispatchTable {
  decode: FrameDecoder;
  handlers: ReadonlyMap<string, Handler>;
}

type MessageListener = (this: WebSocket, data: Buffer, isBinary: boolean) => void;

/**
 * The stand-in client Nest binds each server's handlers to, once. It also reaches the
 * gateway's `handleConnection` (Nest calls that for every client it is given): gateways
 * ignore anything that is not a socket.
 */
export const HANDLER_BINDING_CLIENT = Object.freeze({ handlerBindingClient: true });
type BindingClient = typeof HANDLER_BINDING_CLIENT;

const isBindingClient = (client: WebSocket | BindingClient): client is BindingClient =>
  client === HANDLER_BINDING_CLIENT;

type Upgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Writes a plain HTTP answer on an upgrade request and drops the connection: no socket. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  const body = STATUS_CODES[status] ?? 'Error';
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${body}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const clientErrors = new Logger('Realtime');

/** One listener shared by every socket: no closure per socket. */
function onClientError(error: Error): void {
  // ws closes the socket itself (1009 oversize, 1002 protocol errors); nothing to add.
  clientErrors.debug(`socket error: ${error.message}`);
}

// The gateway's exception filter has mapped every error; one that escapes it is a bug.
function handlerFailed(error: unknown): void {
  clientErrors.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

/** One message listener per server, shared by its sockets: decodes the frame, calls its handler. */
function messageListener(table: DispatchTable): MessageListener {
  return function onClientMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    dispatch(table, this, data, isBinary);
  };
}

function dispatch(table: DispatchTable, socket: WebSocket, data: Buffer, isBinary: boolean): void {
  const frame = table.decode(data, isBinary);
  const handler = table.handlers.get(frame.event);
  if (handler === undefined) return;
  let result: unknown;
  try {
    result = handler({ socket, body: frame.data }, frame.event);
  } catch (error) {
    return handlerFailed(error);
  }
  Promise.resolve(result)
    .then((value: unknown) => {
      // With an interceptor in place (a global one counts) Nest hands back an Observable
      // that runs the handler only once subscribed.
      if (isObservable(value)) value.subscribe({ error: handlerFailed });
    })
    .catch(handlerFailed);
}

/**
 * Nest's platform-ws adapter with narrow changes, each for a contract clause or a cost the
 * stock adapter does not meet (measured: 12.0 KB of heap per idle socket with the stock
 * binding, 4.2 KB with per-socket handlers, less with the shared ones below, 2.6 KB for a
 * bare `ws` server that checks the same JWT; see docs/benchmarks.md):
 * - an upgrade on a path no gateway serves is answered `404 Not Found` (the stock listener
 *   destroys the TCP socket without an answer);
 * - message handlers are bound once per server, not once per socket: Nest binds every
 *   `@SubscribeMessage` handler to each client it is given (five bound functions and their
 *   records, about 0.8 KB per socket, kept for the socket's life). `bindClientConnect`
 *   hands Nest a stand-in client (HANDLER_BINDING_CLIENT) first and keeps the handlers bound
 *   to it; each real socket's own copies are dropped at once. Every socket gets the same
 *   plain listener, which decodes the frame (`FrameDecoder`, which also sees `isBinary`) and
 *   calls the handler with a ClientFrame carrying the socket, so guards, filters and
 *   parameter decorators read the socket from the data. No rxjs stream per socket either.
 *   Handlers answer through their connection, so a returned value is not sent; the
 *   disconnect hook is a plain 'close' listener (ws emits it once), not a once() wrapper;
 * - a socket's errors are logged at debug level by one shared listener: they are the
 *   client's (oversized or broken frames), already answered by `ws` with a close.
 */
export class LiveSocketAdapter extends WsAdapter {
  private readonly upgradeListeners = new Map<http.Server, Upgrade>();

  constructor(
    app: INestApplicationContext,
    private readonly decode: FrameDecoder,
  ) {
    super(app);
  }

  /** The table being filled while Nest binds the stand-in client (see bindClientConnect). */
  private binding: DispatchTable | undefined;
  /** The listener of the server whose connection Nest is handling right now (synchronously). */
  private connecting: MessageListener | undefined;

  /**
   * Nest's connection handler, once with the stand-in client (its handlers become the
   * server's dispatch table), then for every socket, which gets the server's one listener.
   * Nothing is stored on the socket.
   */
  override bindClientConnect(server: WebSocketServer, callback: (...args: unknown[]) => void): void {
    const table: DispatchTable = { decode: this.decode, handlers: new Map() };
    this.binding = table;
    try {
      callback(HANDLER_BINDING_CLIENT);
    } finally {
      this.binding = undefined;
    }
    const listener = messageListener(table);
    server.on('connection', (client: WebSocket, request: http.IncomingMessage) => {
      this.connecting = listener;
      try {
        callback(client, request);
      } finally {
        this.connecting = undefined;
      }
    });
  }

  override bindMessageHandlers(
    client: WebSocket | BindingClient,
    handlers: MessageMappingProperties[],
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    if (isBindingClient(client)) {
      const table = this.binding;
      if (table === undefined) throw new Error('handlers bound outside bindClientConnect');
      const map = table.handlers as Map<string, Handler>;
      for (const { message, callback } of handlers) map.set(String(message), callback as Handler);
      return;
    }
    // This socket's own bound copies are not kept: its server's table serves it.
    const listener = this.connecting;
    if (listener === undefined) throw new Error('socket bound outside its server connection event');
    client.on('message', listener);
  }

  // ws emits 'close' once: a plain listener, without the once() wrapper the stock adapter adds per socket.
  override bindClientDisconnect(client: WebSocket | BindingClient, callback: (code: number) => void): void {
    if (isBindingClient(client)) return;
    client.on('close', callback);
  }

  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (ws: WebSocket) => ws.on('error', onClientError));
    server.on('error', (error: Error) => this.logger.error(error));
    return server;
  }

  protected override ensureHttpServerExists(
    port: number,
    httpServer: http.Server = http.createServer(),
  ): http.Server | undefined {
    if (this.httpServersRegistry.has(port)) return undefined;
    this.httpServersRegistry.set(port, httpServer);
    const onUpgrade: Upgrade = (request, socket, head) => {
      const path = (request.url ?? '/').split('?')[0];
      const servers = (this.wsServersRegistry.get(port) ?? []) as Array<WebSocketServer & { path: string }>;
      const server = servers.find((candidate) => candidate.path === path);
      if (server === undefined) return refuseUpgrade(socket, 404);
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    };
    httpServer.on('upgrade', onUpgrade);
    this.upgradeListeners.set(httpServer, onUpgrade);
    return httpServer;
  }

  override async dispose(): Promise<void> {
    for (const [server, listener] of this.upgradeListeners) server.off('upgrade', listener);
    this.upgradeListeners.clear();
    await super.dispose();
  }
}
