import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Role } from '@argus/shared';
import { EventBus, type BusMessage } from '../bus/event-bus';
import { Clock } from '../common/time';

/** What every token check needs of a user: who, which role, whether enabled, the token version. */
export interface UserState {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  tokenVersion: number;
}

/** A cached answer is trusted this long at most, even if no change was announced (backstop). */
export const USER_CACHE_TTL_MS = 30_000;
/** Entries kept at most; the oldest go first. */
export const USER_CACHE_MAX_ENTRIES = 50_000;

interface Entry {
  state: UserState | null;
  expiresAt: number;
}

/**
 * The per-instance cache of users' token-relevant state (id → role, disabled, token version),
 * so a socket handshake or a REST request does not read the user from the database each time.
 *
 * No stale answer after a change is acknowledged:
 * - UsersService invalidates the user here after its commit and before answering, then
 *   publishes the change with `publishConfirmed`: the admin's request answers once every
 *   instance has handed it to its subscribers, this cache among them (`user_updated`,
 *   `user_revoked` drop the entry).
 * - A load that began before an invalidation never stores its (possibly older) answer, and a
 *   request arriving after it never joins such a load: each invalidation bumps the epoch and
 *   drops the pending loads.
 * - While the bus subscription is down (Redis unreachable) changes elsewhere cannot reach
 *   this instance: the cache is bypassed, and cleared when the subscription is back.
 * - Entries expire after USER_CACHE_TTL_MS anyway.
 */
@Injectable()
export class UserCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<number, Entry>();
  private readonly loads = new Map<number, Promise<UserState | null>>();
  private epoch = 0;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.bus.subscribe((message) => this.onBusMessage(message)),
      this.bus.onResync(() => this.clear()),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** The user's current state (null: no such user), through `load` when not cached. */
  get(id: number, load: (id: number) => Promise<UserState | null>): Promise<UserState | null> {
    if (!this.bus.connected) return load(id);
    const now = this.clock.now().getTime();
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      if (entry.expiresAt > now) return Promise.resolve(entry.state);
      this.entries.delete(id);
    }
    const pending = this.loads.get(id);
    if (pending !== undefined) return pending;
    const epoch = this.epoch;
    const loading = load(id).then(
      (state) => {
        if (this.loads.get(id) === loading) this.loads.delete(id);
        if (epoch === this.epoch && this.bus.connected) this.store(id, state, now);
        return state;
      },
      (error: unknown) => {
        if (this.loads.get(id) === loading) this.loads.delete(id);
        throw error;
      },
    );
    this.loads.set(id, loading);
    return loading;
  }

  /** The user changed (or may have): the next check reads the database. */
  invalidate(id: number): void {
    this.epoch += 1;
    this.entries.delete(id);
    this.loads.delete(id);
  }

  clear(): void {
    this.epoch += 1;
    this.entries.clear();
    this.loads.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(id: number, state: UserState | null, now: number): void {
    if (this.entries.size >= USER_CACHE_MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { state, expiresAt: now + USER_CACHE_TTL_MS });
  }

  private onBusMessage(message: BusMessage): void {
    if (message.kind === 'user_revoked' || message.kind === 'user_updated') this.invalidate(message.user_id);
  }
}
