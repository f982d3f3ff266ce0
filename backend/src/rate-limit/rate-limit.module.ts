import { Global, Module } from '@nestjs/common';
import { RateLimits } from './rate-limits';

/** One rate-limit store per app instance (Redis or memory), for REST, ingest and login. */
@Global()
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitModule {}
