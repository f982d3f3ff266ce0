import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { ThrottledWarning } from '../common/throttled-warning';
import { BusHandler, BusMessage, EventBus } from './event-bus';

interface Envelope {
  /** The publishing instance (for logs and diagnostics). */
  origin: string;
  message: BusMessage;
}

const KINDS: ReadonlySet<string> = new Set<BusMessage['kind']>([
  'events_stored',
  'alert_updated',
  'user_revoked',
  'user_updated',
]);

/** A publish that Redis has not answered within this is given up (ingest never waits longer). */
export const PUBLISH_TIMEOUT_MS = 500;

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const envelope = value as Partial<Envelope>;
  return (
    typeof envelope.origin === 'string' &&
    typeof envelope.message === 'object' &&
    envelope.message !== null &&
    KINDS.has(envelope.message.kind)
  );
}

/**
 * The multi-instance bus: every message goes through one Redis channel, and every
 * instance (the publisher included) delivers what it receives from the channel to its
 * local subscribers. Redis pub/sub keeps the order of one publisher's messages.
 *
 * While Redis is away a publish fails at once (no offline queue) or after
 * PUBLISH_TIMEOUT_MS, never later: callers do not wait on an outage. Messages published
 * meanwhile are lost; camera events do not depend on them (see EventFeed).
 */
export class RedisEventBus extends EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisEventBus.name);
  private readonly outage = new ThrottledWarning(this.logger, 'event bus: Redis unavailable');
  private readonly handlers = new Set<BusHandler>();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string, prefix: string) {
    super();
    this.channel = `${prefix}bus`;
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, connectionName: `argus-bus-${this.instanceId}` };
    this.publisher = new Redis(url, { ...options, enableOfflineQueue: false, commandTimeout: PUBLISH_TIMEOUT_MS });
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.outage.report(error));
      client.on('ready', () => this.outage.recovered());
    }
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.deliver(payload);
    });
    await this.subscriber.subscribe(this.channel);
    this.logger.log(`event bus on Redis channel ${this.channel}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }

  async publish(message: BusMessage): Promise<void> {
    const envelope: Envelope = { origin: this.instanceId, message };
    await this.publisher.publish(this.channel, JSON.stringify(envelope));
  }

  /** Both connections ready: messages flow between instances. */
  get connected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  private deliver(payload: string): void {
    let envelope: unknown;
    try {
      envelope = JSON.parse(payload);
    } catch {
      this.logger.warn('dropped a bus message that is not JSON');
      return;
    }
    if (!isEnvelope(envelope)) {
      this.logger.warn('dropped a bus message of unknown shape');
      return;
    }
    for (const handler of this.handlers) {
      try {
        handler(envelope.message);
      } catch (error) {
        this.logger.error(
          `bus subscriber failed on ${envelope.message.kind}`,
          error instanceof Error ? error.stack : String(error),
        );
      }
    }
  }
}
