import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventBus, type BusMessage } from '../bus/event-bus';
import { ConnectionHub } from './connection-hub';
import { EventFeed } from './event-feed';

/**
 * The one place the live socket listens to the bus: an `events_stored` wake-up makes the
 * EventFeed read the table (camera events and alerts reach the hub only through the feed);
 * user changes go to the hub directly.
 */
@Injectable()
export class BusRelay implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly hub: ConnectionHub,
    private readonly feed: EventFeed,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((message) => this.relay(message));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  relay(message: BusMessage): void {
    switch (message.kind) {
      case 'events_stored':
        this.feed.wake('bus', message.last_id);
        return;
      case 'alert_updated':
        this.hub.deliverAlertUpdate(message.update, message.audience);
        return;
      case 'user_revoked':
      case 'user_updated':
        this.hub.deliverUserChange(message);
        return;
    }
  }
}
