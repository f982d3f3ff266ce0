import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocket, WebSocketServer } from 'ws';
import {
  CloseCode,
  WS_BEARER_PROTOCOL,
  WS_MAX_MESSAGE_BYTES,
  WS_PATH,
  WS_REPLAY_LIMIT,
  toAlertMessage,
  toCameraEventMessage,
  type Alert,
  type ClientMessage,
  type WsErrorCode,
} from '@argus/shared';
import { AlertsService } from '../alerts/alerts.service';
import { TokenRejectedError } from '../auth/token-rejection';
import { TokenVerifier } from '../auth/token-verifier';
import type { AuthUser } from '../common/auth-user';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { parseClientMessage } from './client-message';
import { ConnectionHub } from './connection-hub';
import { ConnectionRegistry } from './connection-registry';
import { FloodVerdict } from './flood-guard';
import { LiveConnection } from './live-connection';
import { isOriginAllowed } from './origin-policy';
import { redactUrl } from './redact-url';
import { eventTypeBit, maskOf, toFrame, typesOf } from './server-messages';
import { StatisticsTicker } from './statistics-ticker';

/** How long shutdown waits for clients to answer the 1001 close before cutting them off. */
const SHUTDOWN_CLOSE_TIMEOUT_MS = 3000;
/** setTimeout's ceiling; a longer token lifetime re-arms the expiry timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type LastEventId = number | 'invalid' | undefined;

/** Writes a plain HTTP answer on an upgrade request and drops the connection: no socket. */
function rejectUpgrade(socket: Duplex, status: number): void {
  const body = STATUS_CODES[status] ?? 'Error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${body}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function lastEventIdFrom(url: URL): LastEventId {
  const value = url.searchParams.get('last_event_id');
  if (value === null) return undefined;
  if (!/^\d{1,15}$/.test(value)) return 'invalid';
  return Number(value);
}

/**
 * The live socket (contract §3) on the HTTP server's own port. A `ws` server in
 * noServer mode takes the HTTP upgrade itself rather than through a Nest gateway: the
 * Origin check must answer HTTP 403 before any socket exists, other paths must get 404,
 * and guards do not run on handleConnection (nestjs/nest#882). Handshake order:
 * Origin (403) → token (4001) → per-user cap (4008) → connection_status, snapshot,
 * replay, live.
 */
@Injectable()
export class RealtimeGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private wss: WebSocketServer | undefined;
  private httpServer: Server | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private shuttingDown = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
    private readonly registry: ConnectionRegistry,
    private readonly hub: ConnectionHub,
    private readonly ticker: StatisticsTicker,
    private readonly events: EventsService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.wss = new WebSocketServer({
      noServer: true,
      // ws itself closes an oversized message with 1009.
      maxPayload: WS_MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_BEARER_PROTOCOL) ? WS_BEARER_PROTOCOL : false),
    });
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
    this.ticker.start();
    this.heartbeat = setInterval(() => this.hub.heartbeat(), this.config.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  /** Stops the ticker, closes every socket with 1001 and waits (bounded) for them to go. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.ticker.stop();
    clearInterval(this.heartbeat);
    this.httpServer?.off('upgrade', this.onUpgrade);
    const sockets = this.wss === undefined ? [] : [...this.wss.clients];
    await Promise.all(sockets.map((ws) => this.closeAndWait(ws, CloseCode.GOING_AWAY, 'Server shutting down')));
    this.wss?.close();
    if (sockets.length > 0) this.logger.log(`closed ${sockets.length} sockets for shutdown`);
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return rejectUpgrade(socket, 400);
    }
    if (url.pathname !== WS_PATH) return rejectUpgrade(socket, 404);
    if (this.shuttingDown || this.wss === undefined) return rejectUpgrade(socket, 503);
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.config.corsOrigins)) {
      this.logger.warn(`socket refused: origin ${request.headers.origin} not allowed (${redactUrl(request.url)})`);
      return rejectUpgrade(socket, 403);
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.accept(ws, request, url));
  };

  private readonly onSocketError = (error: Error): void => {
    // ws closes the socket itself (1009 oversize, 1002 protocol errors); nothing to add.
    this.logger.debug(`socket error: ${error.message}`);
  };

  private async accept(ws: WebSocket, request: IncomingMessage, url: URL): Promise<void> {
    ws.on('error', this.onSocketError);
    // Nothing is read until the socket is accepted; resumed before any close.
    ws.pause();
    let user: AuthUser;
    try {
      user = await this.verifier.authenticate({ via: 'socket', request });
    } catch (error) {
      ws.resume();
      if (error instanceof TokenRejectedError) return this.refuse(ws, CloseCode.UNAUTHORIZED, error.message);
      this.logger.error('token check failed', error instanceof Error ? error.stack : String(error));
      return this.refuse(ws, 1011, 'Internal error');
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    const id = randomUUID();
    const max = this.config.maxConnectionsPerUser;
    let acquired: boolean;
    try {
      acquired = await this.registry.tryAcquire(user.id, id, max);
    } catch (error) {
      ws.resume();
      this.logger.error('connection registry failed', error instanceof Error ? error.stack : String(error));
      return this.refuse(ws, 1011, 'Internal error');
    }
    ws.resume();
    if (!acquired) {
      return this.refuse(ws, CloseCode.CONNECTION_LIMIT, `Connection limit exceeded (${max} per user)`, user);
    }
    if (ws.readyState !== WebSocket.OPEN) {
      await this.registry.release(user.id, id);
      return;
    }

    const connection = new LiveConnection(
      id,
      ws,
      { id: user.id, username: user.username, role: user.role },
      user.tokenExp,
      performance.now(),
      this.config.wsMaxMessagesPerSecond,
      this.hub.counter,
    );
    this.hub.add(connection);
    ws.on('close', (code: number) => this.onClose(connection, code));
    ws.on('pong', () => (connection.alive = true));
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(connection, data, isBinary));
    this.scheduleExpiry(connection);
    this.logger.log(`socket opened: connection ${id}, user ${user.id} (${user.username})`);
    await this.start(connection, lastEventIdFrom(url));
  }

  private refuse(ws: WebSocket, code: number, reason: string, user?: AuthUser): void {
    const who = user === undefined ? '' : `, user ${user.id} (${user.username})`;
    this.logger.log(`socket refused: ${code} ${reason}${who}`);
    ws.close(code, reason);
  }

  /** connection_status, the statistics snapshot, the replay; then live traffic. */
  private async start(connection: LiveConnection, lastEventId: LastEventId): Promise<void> {
    connection.send(
      toFrame({
        type: 'connection_status',
        status: 'connected',
        connection_id: connection.id,
        user: { id: connection.user.id, username: connection.user.username },
        stats_interval_ms: this.config.statsIntervalMs,
        heartbeat_interval_ms: this.config.heartbeatIntervalMs,
        server_time: this.clock.now().toISOString(),
      }),
    );
    try {
      connection.send(await this.ticker.snapshot());
      if (lastEventId === 'invalid') {
        // The socket is still useful without replay; the client learns its cursor was bad.
        this.sendError(connection, 'invalid_message', 'last_event_id must be a non-negative integer: no replay');
      } else if (lastEventId !== undefined) {
        await this.replay(connection, lastEventId);
      }
    } catch (error) {
      // A socket already closed (client gone, shutdown) explains the failure by itself.
      if (connection.ws.readyState !== WebSocket.OPEN) return;
      this.logger.error('socket start failed', error instanceof Error ? error.stack : String(error));
      connection.ws.close(1011, 'Internal error');
      return;
    }
    connection.goLive();
  }

  /**
   * Every camera_event and alert after `after`, in id order, at most WS_REPLAY_LIMIT of
   * each; beyond that one resync_required. Live messages meanwhile are queued on the
   * connection (it subscribed before these queries) and flushed after, minus overlap.
   */
  private async replay(connection: LiveConnection, after: number): Promise<void> {
    const page = await this.events.listAfter({ after, limit: WS_REPLAY_LIMIT + 1 });
    const alerts =
      page.items.length > WS_REPLAY_LIMIT
        ? []
        : await this.alerts.listForUserAfterEvent(connection.user, after, WS_REPLAY_LIMIT + 1);
    if (page.items.length > WS_REPLAY_LIMIT || alerts.length > WS_REPLAY_LIMIT) {
      const latest = await this.events.latestId();
      connection.replayed(latest);
      connection.send(toFrame({ type: 'resync_required', latest_event_id: latest }));
      return;
    }
    const through = page.items.length > 0 ? page.items[page.items.length - 1].id : after;
    const alertsByEvent = new Map<number, Alert[]>();
    for (const alert of alerts) {
      // Alerts of events newer than the page arrive with their event from the live queue.
      if (alert.event_id > through) continue;
      const list = alertsByEvent.get(alert.event_id);
      if (list === undefined) alertsByEvent.set(alert.event_id, [alert]);
      else list.push(alert);
    }
    const timestamp = this.clock.now().toISOString();
    for (const event of page.items) {
      if (connection.filter & eventTypeBit(event.event_type)) {
        connection.send(toFrame(toCameraEventMessage(event, timestamp)));
      }
      for (const alert of alertsByEvent.get(event.id) ?? []) {
        if (connection.filter & eventTypeBit(alert.event_type))
          connection.send(toFrame(toAlertMessage(alert, timestamp)));
      }
    }
    connection.replayed(through);
  }

  private onMessage(connection: LiveConnection, data: Buffer, isBinary: boolean): void {
    switch (connection.flood.check(performance.now())) {
      case FloodVerdict.Accept:
        break;
      case FloodVerdict.RejectAndWarn:
        return this.sendError(
          connection,
          'rate_limited',
          `more than ${this.config.wsMaxMessagesPerSecond} messages per second: message dropped`,
        );
      case FloodVerdict.Reject:
        return;
      case FloodVerdict.Close:
        this.logger.warn(`closing connection ${connection.id} of user ${connection.user.id}: message flood`);
        connection.ws.close(CloseCode.POLICY_VIOLATION, 'Message rate exceeded');
        return;
    }
    const parsed = parseClientMessage(data, isBinary);
    if (!parsed.ok) return this.sendError(connection, parsed.code, parsed.message);
    this.handle(connection, parsed.message);
  }

  private handle(connection: LiveConnection, message: ClientMessage): void {
    switch (message.type) {
      case 'ping':
        connection.send(
          toFrame({ type: 'pong', timestamp: message.timestamp ?? null, server_time: this.clock.now().toISOString() }),
        );
        return;
      case 'subscribe':
        // The filter becomes exactly the listed types.
        connection.filter = maskOf(message.event_types);
        connection.send(toFrame({ type: 'subscribed', event_types: typesOf(connection.filter) }));
        return;
      case 'unsubscribe':
        connection.filter &= ~maskOf(message.event_types);
        connection.send(toFrame({ type: 'subscribed', event_types: typesOf(connection.filter) }));
        return;
      case 'auth':
        void this.refresh(connection, message.token);
        return;
    }
  }

  /** In-band token refresh: same user → new expiry; another user → 4001; invalid → error. */
  private async refresh(connection: LiveConnection, token: string): Promise<void> {
    let user: AuthUser;
    try {
      user = await this.verifier.authenticate({ via: 'message', token });
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) {
        this.logger.error('token refresh failed', error instanceof Error ? error.stack : String(error));
        return this.sendError(connection, 'invalid_message', 'token could not be checked: try again');
      }
      if (error.rejection === 'user_disabled' || error.rejection === 'user_unknown') {
        connection.ws.close(
          CloseCode.USER_DISABLED,
          error.rejection === 'user_disabled' ? 'User disabled' : 'User deleted',
        );
        return;
      }
      // The token in force stays valid until it expires; the client may try again.
      return this.sendError(connection, 'invalid_message', `auth rejected: ${error.message}`);
    }
    if (connection.ws.readyState !== WebSocket.OPEN) return;
    if (user.id !== connection.user.id) {
      connection.ws.close(CloseCode.UNAUTHORIZED, 'Token belongs to another user');
      return;
    }
    // The role is re-read with the token, so a role change reaches alert routing.
    connection.user = { id: user.id, username: user.username, role: user.role };
    connection.tokenExp = user.tokenExp;
    this.scheduleExpiry(connection);
    connection.send(toFrame({ type: 'auth_ok', expires_at: new Date(user.tokenExp * 1000).toISOString() }));
  }

  private scheduleExpiry(connection: LiveConnection): void {
    clearTimeout(connection.expiryTimer);
    const remaining = connection.tokenExp * 1000 - this.clock.now().getTime();
    connection.expiryTimer = setTimeout(() => this.expire(connection), Math.min(Math.max(0, remaining), MAX_TIMER_MS));
    connection.expiryTimer.unref();
  }

  private expire(connection: LiveConnection): void {
    if (connection.tokenExp * 1000 > this.clock.now().getTime()) return this.scheduleExpiry(connection);
    connection.ws.close(CloseCode.UNAUTHORIZED, 'Token expired');
  }

  private sendError(connection: LiveConnection, code: WsErrorCode, message: string): void {
    connection.send(toFrame({ type: 'error', code, message }));
  }

  private onClose(connection: LiveConnection, code: number): void {
    clearTimeout(connection.expiryTimer);
    this.hub.remove(connection);
    this.registry.release(connection.user.id, connection.id).catch((error: unknown) => {
      this.logger.error('connection release failed', error instanceof Error ? error.stack : String(error));
    });
    const duration = Math.round(performance.now() - connection.openedAt);
    this.logger.log(
      `socket closed: connection ${connection.id}, user ${connection.user.id} (${connection.user.username}), code ${code}, ${duration} ms`,
    );
  }

  private closeAndWait(ws: WebSocket, code: number, reason: string): Promise<void> {
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
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
}
