import type { AlertUpdate, Role } from '@argus/shared';

/** Who an alert is for: one user, everyone with a role, or (both null) everyone. */
export interface AlertAudience {
  user_id: number | null;
  role: Role | null;
}

/** Messages carried between the domain and the live socket, and between instances. */
export type BusMessage =
  /**
   * Events up to `last_id` are committed. A wake-up only: every instance's EventFeed reads
   * the events (and their alerts) from the table, so a lost or late message delays delivery
   * until the feed's next poll but never loses or reorders an event.
   */
  | { kind: 'events_stored'; last_id: number }
  /** An alert was acknowledged: its audience's open dashboards drop it (contract §10). */
  | { kind: 'alert_updated'; update: AlertUpdate; audience: AlertAudience }
  /** A user was disabled or deleted: their sockets close with 4003. */
  | { kind: 'user_revoked'; user_id: number; reason: 'disabled' | 'deleted' }
  /**
   * An enabled user as they are after a change: sockets holding an older token version
   * (a password change) close with 4001, the others route alerts by the new role.
   */
  | { kind: 'user_updated'; user_id: number; role: Role; token_version: number };

export type BusHandler = (message: BusMessage) => void;

/**
 * Publish/subscribe between the domain and the realtime layer. In-process by default;
 * a Redis implementation can replace it to fan out across instances. Delivery to
 * local subscribers is in publish order.
 */
export abstract class EventBus {
  abstract publish(message: BusMessage): Promise<void>;
  /** Returns an unsubscribe function. */
  abstract subscribe(handler: BusHandler): () => void;

  /**
   * Publishes and resolves once every instance has handed the message to its local
   * subscribers (or, with Redis, a bounded wait passed: see RedisEventBus). For changes an
   * admin is told are done: a user change must be in force everywhere when the request answers.
   * In-process delivery is synchronous, so publishing is enough.
   */
  publishConfirmed(message: BusMessage): Promise<void> {
    return this.publish(message);
  }

  /**
   * Whether every message published from now on reaches this instance's subscribers. False
   * while the Redis subscription is down: whoever relies on being told of changes (a cache)
   * must not trust what it holds then.
   */
  get connected(): boolean {
    return true;
  }

  /**
   * Called when this instance may have missed messages (the subscription came back after a
   * drop). Returns an unsubscribe function.
   */
  onResync(handler: () => void): () => void {
    void handler;
    return () => undefined;
  }
}
