import { Injectable, Logger } from '@nestjs/common';
import {
  CloseCode,
  toAlertMessage,
  toAlertUpdatedMessage,
  toCameraEventMessage,
  type Alert,
  type AlertUpdate,
  type CameraEvent,
} from '@argus/shared';
import { TOKEN_REJECTIONS } from '../auth/token-rejection';
import type { AlertAudience, BusMessage } from '../bus/event-bus';
import { Clock } from '../common/time';
import type { LiveConnection, SendCounter } from './live-connection';
import { eventTypeBit, toFrame, type Frame } from './server-messages';

const REVOKE_REASONS = { disabled: 'User disabled', deleted: 'User deleted' } as const;

/** What became of a user: disabled or deleted, or (enabled) their role and token version now. */
export type UserChange = Extract<BusMessage, { kind: 'user_revoked' | 'user_updated' }>;

/**
 * The accepted sockets of this instance and everything sent to more than one of them.
 * Delivery is a narrow API (`deliverCameraEvent`, `deliverAlert`, `deliverAlertUpdate`,
 * `deliverUserChange`) that
 * does not know where messages come from (see `BusRelay`). Each message is serialized once
 * and the same frame goes to every recipient.
 *
 * A socket's user is read before the socket joins (handshake) or renews (in-band auth); a
 * change delivered in between would miss it. So the hub keeps each user's newest change
 * with a sequence number, and `catchUp` applies one that arrived after the read began.
 */
@Injectable()
export class ConnectionHub {
  private readonly logger = new Logger('Realtime');
  // One set, no per-user index: a single-user alert or a user change (both rare next to
  // broadcasts) scans it, which keeps each socket's footprint to this one entry.
  private readonly connections = new Set<LiveConnection>();
  /** At most one entry per user changed since start. */
  private readonly lastChange = new Map<number, { seq: number; change: UserChange }>();
  private changeSeq = 0;
  readonly counter: SendCounter = { sent: 0, slowReaderCutoffs: 0 };

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.connections.size;
  }

  /** Adds an accepted socket whose user was read after `mark` (from `userChangeMark`). */
  add(connection: LiveConnection, mark: number): void {
    this.connections.add(connection);
    this.catchUp(connection, mark);
  }

  remove(connection: LiveConnection): void {
    this.connections.delete(connection);
  }

  /** Every accepted connection of this instance. */
  all(): Iterable<LiveConnection> {
    return this.connections;
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

  /** Answers how many sockets it went to (sent, or held while they start). */
  deliverCameraEvent(event: CameraEvent): number {
    if (this.connections.size === 0) return 0;
    const bit = eventTypeBit(event.event_type);
    const frame = toFrame(toCameraEventMessage(event, this.clock.now().toISOString()));
    let recipients = 0;
    for (const connection of this.connections) {
      if (!connection.wants(bit)) continue;
      connection.deliverEvent(frame, event.id);
      recipients += 1;
    }
    return recipients;
  }

  deliverAlert(alert: Alert, audience: AlertAudience): void {
    if (this.connections.size === 0) return;
    const bit = eventTypeBit(alert.event_type);
    let frame: Frame | undefined;
    for (const connection of this.connections) {
      if (!connection.wants(bit) || !connection.isAudienceOf(audience)) continue;
      frame ??= toFrame(toAlertMessage(alert, this.clock.now().toISOString()));
      connection.deliverAlert(frame, alert.id, alert.event_id);
    }
  }

  /**
   * An acknowledgement, to every socket of the alert's audience (as their role is now),
   * whatever their event-type filter: the alert may be on their screen from a REST load.
   */
  deliverAlertUpdate(update: AlertUpdate, audience: AlertAudience): void {
    let frame: Frame | undefined;
    for (const connection of this.connections) {
      if (!connection.isAudienceOf(audience)) continue;
      frame ??= toFrame(toAlertUpdatedMessage(update, this.clock.now().toISOString()));
      connection.deliverUpdate(frame);
    }
  }

  /**
   * Disabled or deleted: every socket of the user closes with 4003. Updated: sockets whose
   * token predates a password change close with 4001, the others follow the new role.
   */
  deliverUserChange(change: UserChange): void {
    this.changeSeq += 1;
    this.lastChange.set(change.user_id, { seq: this.changeSeq, change });
    for (const connection of this.connections) {
      if (connection.user.id === change.user_id) this.apply(connection, change);
    }
  }

  /** Taken before reading a user; pass it to `add` or `catchUp`. */
  userChangeMark(): number {
    return this.changeSeq;
  }

  /** Applies the newest change of the connection's user if it arrived after `mark`. */
  catchUp(connection: LiveConnection, mark: number): void {
    const last = this.lastChange.get(connection.user.id);
    if (last !== undefined && last.seq > mark) this.apply(connection, last.change);
  }

  private apply(connection: LiveConnection, change: UserChange): void {
    if (change.kind === 'user_revoked') {
      connection.close(CloseCode.USER_DISABLED, REVOKE_REASONS[change.reason]);
    } else if (!connection.follow(change.role, change.token_version)) {
      connection.close(CloseCode.UNAUTHORIZED, TOKEN_REJECTIONS.revoked);
    }
  }
}
