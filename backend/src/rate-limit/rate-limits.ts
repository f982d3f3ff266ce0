import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Whole seconds until a limited key may try again, at least 1. */
export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * The store every rate limit of this instance counts in (contract §12): Redis with
 * `REDIS_URL`, so a limit holds across instances; memory otherwise. One Redis connection
 * for all limiters; while Redis is unreachable each limiter counts in memory instead
 * (rate-limiter-flexible's insurance limiter), so an outage neither opens nor blocks the API.
 */
@Injectable()
export class RateLimits implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.redisUrl !== undefined) {
      this.redis = new Redis(config.redisUrl, {
        lazyConnect: true,
        // A limiter must answer now: no queueing while disconnected (the insurance counts instead).
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectionName: 'argus-rate-limit',
      });
      this.redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    }
  }

  async onModuleInit(): Promise<void> {
    await this.redis?.connect().catch((error: unknown) => {
      this.logger.warn(`redis unreachable, counting in memory until it is back: ${String(error)}`);
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis === undefined) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  /** Whether the shared store is reachable; undefined without REDIS_URL (for /api/health). */
  get redisStatus(): 'up' | 'down' | undefined {
    if (this.redis === undefined) return undefined;
    return this.redis.status === 'ready' ? 'up' : 'down';
  }

  /** A limiter of `points` per `durationSeconds` per key, named apart from the others. */
  limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const keyPrefix = `${this.config.redisPrefix}rl:${name}`;
    const options = { keyPrefix, points, duration: durationSeconds };
    if (this.redis === undefined) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}
