import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CloseCode, toAlertMessage, toCameraEventMessage, type Alert, type CameraEvent } from '@argus/shared';
import { audienceIncludes } from '../alerts/alert-audience';
import { AlertAudience, BusMessage, EventBus } from '../bus/event-bus';
import { Clock } from '../common/time';
import type { LiveConnection, SendCounter } from './live-connection';
import { eventTypeBit, toFrame, type Frame } from './server-messages';

const REVOKE_REASONS = { disabled: 'User disabled', deleted: 'User deleted' } as const;

/**
 * The accepted sockets of this instance and everything sent to more than one of them:
 * bus routing (camera events, alerts, revocations) and the statistics broadcast. Each
 * message is serialized once and the same frame goes to every recipient.
 */
@Injectable()
export class ConnectionHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly connections = new Set<LiveConnection>();
  private readonly byUser = new Map<number, Set<LiveConnection>>();
  private unsubscribe: (() => void) | undefined;
  readonly counter: SendCounter = { sent: 0 };

  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((message) => this.route(message));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  get size(): number {
    return this.connections.size;
  }

  add(connection: LiveConnection): void {
    this.connections.add(connection);
    let mine = this.byUser.get(connection.user.id);
    if (mine === undefined) {
      mine = new Set();
      this.byUser.set(connection.user.id, mine);
    }
    mine.add(connection);
  }

  remove(connection: LiveConnection): void {
    this.connections.delete(connection);
    const mine = this.byUser.get(connection.user.id);
    if (mine?.delete(connection) && mine.size === 0) this.byUser.delete(connection.user.id);
  }

  /** Statistics flow to every live socket; starting ones get their own snapshot first. */
  broadcast(frame: Frame): void {
    for (const connection of this.connections) if (connection.live) connection.send(frame);
  }

  /** One heartbeat round: terminate sockets that missed the previous ping, ping the rest. */
  heartbeat(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.logger.warn(`heartbeat missed: terminating connection ${connection.id} of user ${connection.user.id}`);
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }

  closeUser(userId: number, code: number, reason: string): void {
    const mine = this.byUser.get(userId);
    if (mine === undefined) return;
    for (const connection of mine) connection.ws.close(code, reason);
  }

  route(message: BusMessage): void {
    switch (message.kind) {
      case 'camera_event':
        this.routeCameraEvent(message.event);
        return;
      case 'alert':
        this.routeAlert(message.alert, message.audience);
        return;
      case 'user_revoked':
        this.closeUser(message.user_id, CloseCode.USER_DISABLED, REVOKE_REASONS[message.reason]);
        return;
    }
  }

  private routeCameraEvent(event: CameraEvent): void {
    if (this.connections.size === 0) return;
    const bit = eventTypeBit(event.event_type);
    const frame = toFrame(toCameraEventMessage(event, this.clock.now().toISOString()));
    for (const connection of this.connections) if (connection.filter & bit) connection.deliver(frame, event.id);
  }

  private routeAlert(alert: Alert, audience: AlertAudience): void {
    // A single-user alert only looks at that user's sockets.
    const candidates = audience.user_id !== null ? this.byUser.get(audience.user_id) : this.connections;
    if (candidates === undefined || candidates.size === 0) return;
    const bit = eventTypeBit(alert.event_type);
    let frame: Frame | undefined;
    for (const connection of candidates) {
      if ((connection.filter & bit) === 0 || !audienceIncludes(audience, connection.user)) continue;
      frame ??= toFrame(toAlertMessage(alert, this.clock.now().toISOString()));
      connection.deliver(frame, alert.event_id);
    }
  }
}
