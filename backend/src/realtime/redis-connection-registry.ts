import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { ConnectionCounts, ConnectionRegistry } from './connection-registry';

/** A connection counts for this long unless its instance renews it (crashed instances fade out). */
export const LEASE_TTL_MS = 60_000;
const RENEW_EVERY_MS = LEASE_TTL_MS / 3;

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

/** KEYS[1] user zset; ARGV: ttl ms, then connection ids → renews the leases still present. */
const RENEW = `${NOW}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1`;

/**
 * The per-user cap across instances (REDIS_URL). Each user's connections are a sorted set
 * `<prefix>conn:user:<id>` of connection ids scored by lease expiry; check-and-add is one
 * Lua script, so concurrent handshakes on different instances cannot overshoot the cap.
 * Each instance renews the leases of its own sockets; a crashed instance's sockets stop
 * counting after LEASE_TTL_MS.
 */
export class RedisConnectionRegistry extends ConnectionRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnectionRegistry.name);
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
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, connectionName: 'argus-registry' });
    this.redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect();
    this.renewTimer = setInterval(() => void this.renew(), Math.min(RENEW_EVERY_MS, this.leaseTtlMs / 3));
    this.renewTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.renewTimer);
    // Sockets are closed (1001) before this; release whatever is left so the cap frees at once.
    await Promise.allSettled([...this.local].map(([connectionId, userId]) => this.release(userId, connectionId)));
    await this.redis.quit().catch(() => undefined);
  }

  async tryAcquire(userId: number, connectionId: string, max: number): Promise<boolean> {
    const taken = await this.redis.eval(
      ACQUIRE,
      2,
      this.userKey(userId),
      this.usersKey(),
      connectionId,
      max,
      this.leaseTtlMs,
      userId,
    );
    if (taken === 1) this.local.set(connectionId, userId);
    return taken === 1;
  }

  async release(userId: number, connectionId: string): Promise<void> {
    this.local.delete(connectionId);
    await this.redis.eval(RELEASE, 2, this.userKey(userId), this.usersKey(), connectionId, userId);
  }

  async countFor(userId: number): Promise<number> {
    return Number(await this.redis.eval(COUNT, 1, this.userKey(userId)));
  }

  async counts(): Promise<ConnectionCounts> {
    const userIds = (await this.redis.smembers(this.usersKey())).map(Number).filter(Number.isInteger);
    const byUser = new Map<number, number>();
    let total = 0;
    const counts = await Promise.all(userIds.map((userId) => this.countFor(userId)));
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
    try {
      await Promise.all(
        [...byUser].map(([userId, ids]) => this.redis.eval(RENEW, 1, this.userKey(userId), this.leaseTtlMs, ...ids)),
      );
    } catch (error) {
      this.logger.warn(`lease renewal failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private userKey(userId: number): string {
    return `${this.prefix}conn:user:${userId}`;
  }

  private usersKey(): string {
    return `${this.prefix}conn:users`;
  }
}
