import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/time';
import { ConnectionHub } from './connection-hub';
import { EventFeed, type FeedHealth } from './event-feed';
import { toFrame } from './server-messages';

/**
 * Tells every open socket when the database becomes unreachable and when it is back
 * (`service_status`), as the EventFeed sees it: instead of events and statistics stopping
 * without a word, the dashboard learns why. The sockets stay open; when the database answers
 * again the feed delivers what was stored meanwhile, in order.
 */
@Injectable()
export class ServiceStatus implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly feed: EventFeed,
    private readonly hub: ConnectionHub,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.feed.onHealthChange((database) => this.announce(database));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private announce(database: FeedHealth): void {
    this.hub.broadcast(toFrame({ type: 'service_status', timestamp: this.clock.now().toISOString(), database }));
  }
}
