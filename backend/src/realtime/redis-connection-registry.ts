import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { ThrottledWarning } from '../common/throttled-warning';
import { ConnectionCounts, ConnectionRegistry } from './connection-registry';

/**
 * A connection counts for this long unless its instance renews it: a killed instance's
 * sockets stop counting within this (issue 8: within 15 s of a crash).
 */
export const LEASE_TTL_MS = 10_000;
/** Renewed this often, so two renewals can fail (a Redis hiccup) before a live socket's lease ends. */
const RENEW_EVERY_MS = LEASE_TTL_MS / 3;
/** A registry command Redis has not answered within this counts as Redis being away. */
const COMMAND_TIMEOUT_MS = 1000;

// Server time in ms inside scripts, so instances with skewed clocks agree on expiry.
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] user zset, KEYS[2] users set; ARGV: connection id, max, ttl ms, user id → 1 taken, 0 full. */
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  return 1
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
redis.call('SADD', KEYS[2], ARGV[4])
return 1`;

/** KEYS[1] user zset, KEYS[2] users set; ARGV: connection id, user id. */
const RELEASE = `redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return 1`;

/** KEYS[1] user zset → live count after purging expired leases. */
const COUNT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`;

/**
 * KEYS[1] user zset, KEYS[2] users set; ARGV: ttl ms, user id, then connection ids → renews
 * the leases, re-adding any that are missing (Redis restarted empty, or a lease lapsed while
 * Redis was unreachable): sockets that are open here hold their slots.
 */
const RENEW = `${NOW}
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('SADD', KEYS[2], ARGV[2])
return 1`;

/**
 * The per-user cap across instances (REDIS_URL). Each user's connections are a sorted set
 * `<prefix>conn:user:<id>` of connection ids scored by lease expiry; check-and-add is one
 * Lua script, so concurrent handshakes on different instances cannot overshoot the cap.
 * Each instance renews the leases of its own sockets every RENEW_EVERY_MS (and at once when
 * Redis is back after an outage); a killed instance's sockets stop counting after LEASE_TTL_MS.
 *
 * While Redis is away (a command fails, or gets no answer within COMMAND_TIMEOUT_MS) the cap
 * is counted per instance: a handshake is accepted if the user holds fewer than `max`
 * sockets on this instance, so dashboards keep connecting (never 1011 for an outage), at the
 * price that a user spread over N instances may hold up to N × max sockets until Redis is
 * back. Those sockets are re-asserted with the others when it is. Counts for
 * `GET /api/ws/status` are then this instance's own.
 */
export class RedisConnectionRegistry extends ConnectionRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnectionRegistry.name);
  private readonly outage = new ThrottledWarning(
    this.logger,
    'connection registry: Redis unavailable, cap counted per instance',
  );
  private readonly redis: Redis;
  /** This instance's connections: connection id → user id (for lease renewal). */
  private readonly local = new Map<string, number>();
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly leaseTtlMs = LEASE_TTL_MS,
  ) {
    super();
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      // Fail at once while disconnected instead of queueing: a handshake never waits on an outage.
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectionName: 'argus-registry',
    });
    this.redis.on('error', (error: Error) => this.outage.report(error));
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect();
    // After a reconnect (Redis restarted, possibly empty): re-assert this instance's leases now.
    this.redis.on('ready', () => void this.renew());
    this.renewTimer = setInterval(() => void this.renew(), Math.min(RENEW_EVERY_MS, this.leaseTtlMs / 3));
    this.renewTimer.unref();
  }

  /** Whether the registry's Redis connection is up (health). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.renewTimer);
    // Sockets are closed (1001) before this; release whatever is left so the cap frees at once.
    await Promise.allSettled([...this.local].map(([connectionId, userId]) => this.release(userId, connectionId)));
    await this.redis.quit().catch(() => undefined);
  }

  async tryAcquire(userId: number, connectionId: string, max: number): Promise<boolean> {
    let taken: unknown;
    try {
      taken = await this.redis.eval(
        ACQUIRE,
        2,
        this.userKey(userId),
        this.usersKey(),
        connectionId,
        max,
        this.leaseTtlMs,
        userId,
      );
    } catch (error) {
      this.outage.report(error);
      // Redis away: this instance's count decides (see the class comment).
      if (this.localCount(userId) >= max) return false;
      this.local.set(connectionId, userId);
      return true;
    }
    this.outage.recovered();
    if (taken === 1) this.local.set(connectionId, userId);
    return taken === 1;
  }

  async release(userId: number, connectionId: string): Promise<void> {
    this.local.delete(connectionId);
    try {
      await this.redis.eval(RELEASE, 2, this.userKey(userId), this.usersKey(), connectionId, userId);
    } catch (error) {
      // Not renewed any more: the lease lapses within LEASE_TTL_MS.
      this.outage.report(error);
    }
  }

  async countFor(userId: number): Promise<number> {
    try {
      return Number(await this.redis.eval(COUNT, 1, this.userKey(userId)));
    } catch (error) {
      this.outage.report(error);
      return this.localCount(userId);
    }
  }

  async counts(): Promise<ConnectionCounts> {
    try {
      return await this.sharedCounts();
    } catch (error) {
      this.outage.report(error);
      const byUser = new Map<number, number>();
      for (const userId of this.local.values()) byUser.set(userId, (byUser.get(userId) ?? 0) + 1);
      return { total_connections: this.local.size, total_users: byUser.size, by_user: byUser };
    }
  }

  private localCount(userId: number): number {
    let n = 0;
    for (const holder of this.local.values()) if (holder === userId) n += 1;
    return n;
  }

  private async sharedCounts(): Promise<ConnectionCounts> {
    const userIds = (await this.redis.smembers(this.usersKey())).map(Number).filter(Number.isInteger);
    const byUser = new Map<number, number>();
    let total = 0;
    const counts = await Promise.all(
      userIds.map(async (userId) => Number(await this.redis.eval(COUNT, 1, this.userKey(userId)))),
    );
    userIds.forEach((userId, i) => {
      const n = counts[i] ?? 0;
      if (n > 0) {
        byUser.set(userId, n);
        total += n;
      }
    });
    return { total_connections: total, total_users: byUser.size, by_user: byUser };
  }

  private async renew(): Promise<void> {
    const byUser = new Map<number, string[]>();
    for (const [connectionId, userId] of this.local) {
      const ids = byUser.get(userId) ?? [];
      ids.push(connectionId);
      byUser.set(userId, ids);
    }
    if (byUser.size === 0 || this.redis.status !== 'ready') return;
    try {
      // Dispatched synchronously with the snapshot above: a release after it is queued behind.
      await Promise.all(
        [...byUser].map(([userId, ids]) =>
          this.redis.eval(RENEW, 2, this.userKey(userId), this.usersKey(), this.leaseTtlMs, userId, ...ids),
        ),
      );
      this.outage.recovered();
    } catch (error) {
      this.outage.report(error);
    }
  }

  private userKey(userId: number): string {
    return `${this.prefix}conn:user:${userId}`;
  }

  private usersKey(): string {
    return `${this.prefix}conn:users`;
  }
}
