import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import type { Statistics } from '@argus/shared';
import { ThrottledWarning } from '../common/throttled-warning';

/** A snapshot with what orders it: the highest event id it counted (read in the same statement). */
export interface VersionedStatistics {
  statistics: Statistics;
  high_water: number;
}

/** Whether `a` is newer than `b`: more events counted, or as many and computed later. */
export function isNewer(a: VersionedStatistics, b: VersionedStatistics): boolean {
  return (
    a.high_water > b.high_water ||
    (a.high_water === b.high_water && a.statistics.generated_at > b.statistics.generated_at)
  );
}

/**
 * The newest statistics snapshot any instance has computed. With several instances behind a
 * round-robin balancer, each serving its own snapshot made counts go backwards between polls
 * (issue 8 item 6); all of them serve the newest known to the cluster instead, so what one
 * client sees never goes back. One instance: its own snapshot is the newest.
 */
export abstract class SharedStatistics {
  /** Offers a fresh snapshot; answers the newest known (it, or a newer one). */
  abstract offer(snapshot: VersionedStatistics): Promise<VersionedStatistics>;
  /** The newest known, or null (none yet, or the store unreachable). */
  abstract latest(): Promise<VersionedStatistics | null>;
}

export class LocalStatistics extends SharedStatistics {
  private newest: VersionedStatistics | null = null;

  offer(snapshot: VersionedStatistics): Promise<VersionedStatistics> {
    if (this.newest === null || !isNewer(this.newest, snapshot)) this.newest = snapshot;
    return Promise.resolve(this.newest);
  }

  latest(): Promise<VersionedStatistics | null> {
    return Promise.resolve(this.newest);
  }
}

/**
 * KEYS[1] the snapshot; ARGV: snapshot JSON, its high water, its generated_at, ttl ms → the
 * newest JSON. The stored one wins unless the offer counted more events, or as many later.
 */
const OFFER = `local current = redis.call('GET', KEYS[1])
if current then
  local stored = cjson.decode(current)
  local high = tonumber(ARGV[2])
  if stored.high_water > high or (stored.high_water == high and stored.statistics.generated_at >= ARGV[3]) then
    return current
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[4]))
return ARGV[1]`;

const COMMAND_TIMEOUT_MS = 500;

/**
 * REDIS_URL: the newest snapshot in `<prefix>statistics`, replaced by a compare-and-set script.
 * It expires after three intervals without a newer offer, so a snapshot from a database since
 * restored to an older state cannot hold the counts forever. Redis away: each instance serves
 * its own (counts may then step back between instances until Redis returns).
 */
export class RedisStatistics extends SharedStatistics implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisStatistics.name);
  private readonly outage = new ThrottledWarning(this.logger, 'shared statistics: Redis unavailable');
  private readonly redis: Redis;
  private readonly key: string;

  constructor(
    url: string,
    prefix: string,
    private readonly ttlMs: number,
  ) {
    super();
    this.key = `${prefix}statistics`;
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectionName: 'argus-statistics',
    });
    this.redis.on('error', (error: Error) => this.outage.report(error));
    this.redis.on('ready', () => this.outage.recovered());
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  async offer(snapshot: VersionedStatistics): Promise<VersionedStatistics> {
    try {
      const newest = (await this.redis.eval(
        OFFER,
        1,
        this.key,
        JSON.stringify(snapshot),
        snapshot.high_water,
        snapshot.statistics.generated_at,
        this.ttlMs,
      )) as string;
      return JSON.parse(newest) as VersionedStatistics;
    } catch (error) {
      this.outage.report(error);
      return snapshot;
    }
  }

  async latest(): Promise<VersionedStatistics | null> {
    try {
      const stored = await this.redis.get(this.key);
      return stored === null ? null : (JSON.parse(stored) as VersionedStatistics);
    } catch (error) {
      this.outage.report(error);
      return null;
    }
  }
}
