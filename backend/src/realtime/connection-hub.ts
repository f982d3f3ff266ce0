import { Injectable, Logger } from '@nestjs/common';
import { CloseCode, toAlertMessage, toCameraEventMessage, type Alert, type CameraEvent } from '@argus/shared';
import type { AlertAudience } from '../bus/event-bus';
import { Clock } from '../common/time';
import type { LiveConnection, SendCounter } from './live-connection';
import { eventTypeBit, toFrame, type Frame } from './server-messages';

const REVOKE_REASONS = { disabled: 'User disabled', deleted: 'User deleted' } as const;

/**
 * The accepted sockets of this instance and everything sent to more than one of them.
 * Delivery is a narrow API (`deliverCameraEvent`, `deliverAlert`, `revokeUser`) that does
 * not know where messages come from (see `BusRelay`). Each message is serialized once and
 * the same frame goes to every recipient.
 */
@Injectable()
export class ConnectionHub {
  private readonly logger = new Logger('Realtime');
  private readonly connections = new Set<LiveConnection>();
  private readonly byUser = new Map<number, Set<LiveConnection>>();
  readonly counter: SendCounter = { sent: 0 };

  constructor(private readonly clock: Clock) {}

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
      if (!connection.ping()) {
        this.logger.warn(`heartbeat missed: terminated connection ${connection.id} of user ${connection.user.id}`);
      }
    }
  }

  deliverCameraEvent(event: CameraEvent): void {
    if (this.connections.size === 0) return;
    const bit = eventTypeBit(event.event_type);
    const frame = toFrame(toCameraEventMessage(event, this.clock.now().toISOString()));
    for (const connection of this.connections) if (connection.wants(bit)) connection.deliverEvent(frame, event.id);
  }

  deliverAlert(alert: Alert, audience: AlertAudience): void {
    // A single-user alert only looks at that user's sockets.
    const candidates = audience.user_id !== null ? this.byUser.get(audience.user_id) : this.connections;
    if (candidates === undefined || candidates.size === 0) return;
    const bit = eventTypeBit(alert.event_type);
    let frame: Frame | undefined;
    for (const connection of candidates) {
      if (!connection.wants(bit) || !connection.isAudienceOf(audience)) continue;
      frame ??= toFrame(toAlertMessage(alert, this.clock.now().toISOString()));
      connection.deliverAlert(frame, alert.id, alert.event_id);
    }
  }

  /** A user was disabled or deleted: every socket of theirs closes with 4003. */
  revokeUser(userId: number, reason: keyof typeof REVOKE_REASONS): void {
    for (const connection of this.byUser.get(userId) ?? []) {
      connection.close(CloseCode.USER_DISABLED, REVOKE_REASONS[reason]);
    }
  }
}
