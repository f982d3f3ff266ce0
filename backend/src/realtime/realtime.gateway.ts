import type { IncomingMessage } from 'node:http';
import {
  BeforeApplicationShutdown,
  Inject,
  Logger,
  OnApplicationBootstrap,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { ServerOptions, WebSocket, WebSocketServer } from 'ws';
import {
  CloseCode,
  WS_BEARER_PROTOCOL,
  WS_MAX_MESSAGE_BYTES,
  WS_PATH,
  type AuthRequest,
  type PingRequest,
  type SubscribeRequest,
  type UnsubscribeRequest,
} from '@argus/shared';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ClientMessageError, INVALID_FRAME, type FrameProblem } from './client-message';
import { ClientMessageFilter } from './client-message.filter';
import { ConnectionHub } from './connection-hub';
import { ConnectionStart } from './connection-start';
import { Handshake } from './handshake';
import type { LiveConnection } from './live-connection';
import { Connection, LiveSocket } from './live-socket';
import { MessageRateGuard } from './message-rate.guard';
import { replayCursor } from './replay.service';
import { maskOf } from './server-messages';
import { StatisticsTicker } from './statistics-ticker';
import { TokenLifetime } from './token-lifetime';

/** How long shutdown waits for clients to answer the 1001 close before cutting them off. */
const SHUTDOWN_CLOSE_TIMEOUT_MS = 3000;

const SERVER_OPTIONS: ServerOptions & { path: string } = {
  path: WS_PATH,
  // ws itself closes an oversized message with 1009.
  maxPayload: WS_MAX_MESSAGE_BYTES,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has(WS_BEARER_PROTOCOL) ? WS_BEARER_PROTOCOL : false),
  // The hub holds the accepted sockets and the gateway those still in their handshake: ws
  // need not keep a third set (one entry less per socket).
  clientTracking: false,
  WebSocket: LiveSocket,
};

/**
 * The live socket (contract §3) as a Nest gateway on the HTTP server's port. Each clause
 * has its own file: the handshake (Origin, token, cap) in `handshake.ts`, the start
 * (status, snapshot, replay) in `connection-start.ts`, client messages here (behind
 * MessageRateGuard, errors mapped by ClientMessageFilter), the token lifetime in
 * `token-lifetime.ts`, fan-out in `connection-hub.ts`.
 */
@WebSocketGateway(SERVER_OPTIONS)
@UseGuards(MessageRateGuard)
@UseFilters(ClientMessageFilter)
export class RealtimeGateway
  implements
    OnGatewayInit<WebSocketServer>,
    OnGatewayConnection<LiveSocket>,
    OnGatewayDisconnect<LiveSocket>,
    OnApplicationBootstrap,
    BeforeApplicationShutdown
{
  private readonly logger = new Logger('Realtime');
  /** Sockets between upgrade and the end of their handshake (then in the hub, or refused). */
  private readonly handshaking = new Set<LiveSocket>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly handshake: Handshake,
    private readonly start: ConnectionStart,
    private readonly lifetime: TokenLifetime,
    private readonly hub: ConnectionHub,
    private readonly ticker: StatisticsTicker,
    private readonly clock: Clock,
  ) {}

  afterInit(server: WebSocketServer): void {
    // verifyClient needs the injected config and state, which the decorator's options
    // (fixed when the class is defined) cannot reach; ws reads it on every upgrade.
    server.options.verifyClient = this.handshake.verifyClient;
  }

  onApplicationBootstrap(): void {
    this.ticker.start();
    this.heartbeat = setInterval(() => this.hub.heartbeat(), this.config.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  async handleConnection(socket: LiveSocket, request: IncomingMessage): Promise<void> {
    // LiveSocketAdapter's stand-in client, through which Nest binds the handlers once.
    if (!(socket instanceof LiveSocket)) return;
    socket.on('pong', answered);
    const cursor = replayCursor(request.url);
    try {
      this.handshaking.add(socket);
      let connection: LiveConnection | null;
      try {
        connection = await this.handshake.accept(socket, request);
      } finally {
        // Accepted: the hub holds it now; refused: it is closing.
        this.handshaking.delete(socket);
      }
      if (connection === null) return;
      this.lifetime.track(connection);
      await this.start.start(connection, cursor);
    } catch (error) {
      // Nest does not await this hook: nothing may escape it as an unhandled rejection.
      this.logger.error('socket handshake failed', error instanceof Error ? error.stack : String(error));
      socket.close(CloseCode.INTERNAL_ERROR, 'Internal error');
    }
  }

  /** The platform-ws adapter passes the close code as the second argument. */
  handleDisconnect(socket: LiveSocket, code?: unknown): void {
    const connection = socket.connection;
    if (connection === undefined) return;
    this.hub.remove(connection);
    this.handshake.release(connection);
    const duration = Math.round(performance.now() - connection.openedAt);
    this.logger.log({
      msg: `socket closed: connection ${connection.id}, user ${connection.user.id} (${connection.user.username}), code ${String(code)}, ${duration} ms`,
      user_id: connection.user.id,
      connection_id: connection.id,
    });
  }

  @SubscribeMessage('ping')
  ping(@Connection() connection: LiveConnection, @MessageBody('body') message: PingRequest): void {
    connection.reply({
      type: 'pong',
      timestamp: message.timestamp ?? null,
      server_time: this.clock.now().toISOString(),
    });
  }

  @SubscribeMessage('subscribe')
  subscribe(@Connection() connection: LiveConnection, @MessageBody('body') message: SubscribeRequest): void {
    connection.reply({ type: 'subscribed', event_types: connection.subscribe(maskOf(message.event_types)) });
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@Connection() connection: LiveConnection, @MessageBody('body') message: UnsubscribeRequest): void {
    connection.reply({ type: 'subscribed', event_types: connection.unsubscribe(maskOf(message.event_types)) });
  }

  @SubscribeMessage('auth')
  auth(@Connection() connection: LiveConnection, @MessageBody('body') message: AuthRequest): Promise<void> {
    return this.lifetime.refresh(connection, message.token);
  }

  /** Bad JSON, an unknown type, wrong fields: answered with the error decodeClientFrame found. */
  @SubscribeMessage(INVALID_FRAME)
  invalid(@MessageBody('body') problem: FrameProblem): never {
    throw new ClientMessageError(problem.code, problem.message);
  }

  /** Stops the ticker, closes every socket with 1001 and waits (bounded) for them to go. */
  async beforeApplicationShutdown(): Promise<void> {
    this.handshake.stopAccepting();
    this.ticker.stop();
    clearInterval(this.heartbeat);
    const sockets = new Set<WebSocket>(this.handshaking);
    for (const connection of this.hub.all()) sockets.add(connection.socket);
    await Promise.all([...sockets].map((ws) => closeAndWait(ws, CloseCode.GOING_AWAY, 'Server shutting down')));
    this.logger.log(`shutting down: closed ${sockets.size} live sockets (1001)`);
  }
}

/** One pong listener shared by every socket. */
function answered(this: WebSocket): void {
  if (this instanceof LiveSocket) this.connection?.answered();
}

function closeAndWait(ws: WebSocket, code: number, reason: string): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), SHUTDOWN_CLOSE_TIMEOUT_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    // A socket still paused in its handshake must read the client's close answer.
    ws.resume();
    ws.close(code, reason);
  });
}
