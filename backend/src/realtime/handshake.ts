import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { VerifyClientCallbackAsync } from 'ws';
import { CloseCode } from '@argus/shared';
import { TokenRejectedError } from '../auth/token-rejection';
import { TokenVerifier } from '../auth/token-verifier';
import type { AuthUser } from '../common/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { ConnectionHub } from './connection-hub';
import { ConnectionRegistry } from './connection-registry';
import { LiveConnection } from './live-connection';
import type { LiveSocket } from './live-socket';
import { isOriginAllowed, publicOrigin, requestOrigin, type TrustProxy } from './origin-policy';
import { redactUrl } from './redact-url';

/**
 * Contract §3 steps 1-3, in order. Before the upgrade (ws `verifyClient`, answered over
 * HTTP, no socket): shutting down → 503, Origin not allowed → 403. On the opened socket:
 * token refused → 4001 with the reason, the user at the cap → 4008; nothing is sent and
 * nothing stays registered. (Other paths get 404 from LiveSocketAdapter.)
 */
@Injectable()
export class Handshake {
  private readonly logger = new Logger('Realtime');
  private accepting = true;
  /** PUBLIC_URL's origin: the server's own, when configured. */
  private readonly ownOrigin: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verifier: TokenVerifier,
    private readonly registry: ConnectionRegistry,
    private readonly hub: ConnectionHub,
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: Metrics,
  ) {
    this.ownOrigin = config.publicUrl === undefined ? undefined : publicOrigin(config.publicUrl);
    // Read at scrape time: the send path only bumps the hub's plain counters.
    metrics.watchSockets({
      connections: () => hub.size,
      messagesSent: () => hub.counter.sent,
      slowReaderCutoffs: () => hub.counter.slowReaderCutoffs,
    });
  }

  /** ws `verifyClient`: the checks that must refuse before any socket exists. */
  readonly verifyClient: VerifyClientCallbackAsync<IncomingMessage> = (info, answer) => {
    if (!this.accepting) return this.refuseUpgrade(answer, 503);
    const { req } = info;
    if (!isOriginAllowed(req.headers.origin, this.allowedOrigins(req))) {
      this.logger.warn(`socket refused: origin ${req.headers.origin} not allowed (${redactUrl(req.url)})`);
      return this.refuseUpgrade(answer, 403);
    }
    answer(true);
  };

  private refuseUpgrade(answer: (result: boolean, code: number) => void, status: number): void {
    this.metrics.handshake('refused');
    this.metrics.refused(status);
    answer(false, status);
  }

  /** CORS_ORIGINS and the server's own origin: PUBLIC_URL's, else as the request shows it. */
  private allowedOrigins(request: IncomingMessage): Array<string | null> {
    if (request.headers.origin === undefined) return [];
    // The same `trust proxy` as Express applies to REST requests (TRUST_PROXY).
    const trustProxy = this.adapterHost.httpAdapter
      .getInstance<{ get(setting: string): TrustProxy }>()
      .get('trust proxy fn');
    return [...this.config.corsOrigins, this.ownOrigin ?? requestOrigin(request, trustProxy)];
  }

  /** Shutdown: every later upgrade is answered 503. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /**
   * Token (4001) then the per-user cap (4008) on the opened socket. Answers the accepted
   * connection, already in the hub, or null when the socket was refused or went away.
   */
  async accept(socket: LiveSocket, request: IncomingMessage): Promise<LiveConnection | null> {
    // Nothing is read until the socket is accepted; resumed before any close.
    socket.pause();
    const mark = this.hub.userChangeMark();
    let user: AuthUser;
    try {
      user = await this.verifier.authenticate({ via: 'socket', request });
    } catch (error) {
      socket.resume();
      if (error instanceof TokenRejectedError) return this.refuse(socket, CloseCode.UNAUTHORIZED, error.message);
      this.logger.error('token check failed', error instanceof Error ? error.stack : String(error));
      return this.refuse(socket, CloseCode.INTERNAL_ERROR, 'Internal error');
    }
    if (socket.readyState !== socket.OPEN) return null;
    const id = randomUUID();
    const max = this.config.maxConnectionsPerUser;
    let acquired: boolean;
    try {
      acquired = await this.registry.tryAcquire(user.id, id, max);
    } catch (error) {
      socket.resume();
      this.logger.error('connection registry failed', error instanceof Error ? error.stack : String(error));
      return this.refuse(socket, CloseCode.INTERNAL_ERROR, 'Internal error');
    }
    socket.resume();
    if (!acquired) {
      return this.refuse(socket, CloseCode.CONNECTION_LIMIT, `Connection limit exceeded (${max} per user)`, user);
    }
    if (socket.readyState !== socket.OPEN) {
      this.releaseSlot(user.id, id);
      return null;
    }
    const connection = new LiveConnection(
      id,
      socket,
      user,
      { expiresAt: user.tokenExp, version: user.tokenVersion },
      // Whole milliseconds: a small integer, not a boxed double, per socket.
      Math.floor(performance.now()),
      this.config.wsMaxMessagesPerSecond,
      this.hub.counter,
    );
    socket.connection = connection;
    this.hub.add(connection, mark);
    this.metrics.handshake('accepted');
    // user_id as a field too, for JSON logs (contract §12).
    this.logger.log({
      msg: `socket opened: connection ${id}, user ${user.id} (${user.username})`,
      user_id: user.id,
      connection_id: id,
    });
    return connection;
  }

  /** A closed connection gives its cap slot back (on every instance, with Redis). */
  release(connection: LiveConnection): void {
    this.releaseSlot(connection.user.id, connection.id);
  }

  private releaseSlot(userId: number, connectionId: string): void {
    this.registry.release(userId, connectionId).catch((error: unknown) => {
      this.logger.error('connection release failed', error instanceof Error ? error.stack : String(error));
    });
  }

  private refuse(socket: LiveSocket, code: number, reason: string, user?: AuthUser): null {
    const who = user === undefined ? '' : `, user ${user.id} (${user.username})`;
    const msg = `socket refused: ${code} ${reason}${who}`;
    this.logger.log(user === undefined ? msg : { msg, user_id: user.id });
    this.metrics.handshake(code === CloseCode.INTERNAL_ERROR ? 'error' : 'refused');
    this.metrics.refused(code);
    socket.close(code, reason);
    return null;
  }
}
