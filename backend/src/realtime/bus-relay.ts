import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventBus, type BusMessage } from '../bus/event-bus';
import { EventWaiters } from '../events/event-waiters';
import { ConnectionHub } from './connection-hub';

/**
 * The one place the live socket listens to the bus: each bus message becomes one hub
 * delivery, and each camera event also wakes the held long polls (EventWaiters), so both
 * live paths are fed from the same place. Replacing how events reach the hub (say, tailing
 * the events table) touches only this file.
 */
@Injectable()
export class BusRelay implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly hub: ConnectionHub,
    private readonly waiters: EventWaiters,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((message) => this.relay(message));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  relay(message: BusMessage): void {
    switch (message.kind) {
      case 'camera_event':
        this.hub.deliverCameraEvent(message.event);
        this.waiters.notify(message.event);
        return;
      case 'alert':
        this.hub.deliverAlert(message.alert, message.audience);
        return;
      case 'user_revoked':
      case 'user_updated':
        this.hub.deliverUserChange(message);
        return;
    }
  }
}
