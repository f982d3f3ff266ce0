import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { BusHandler, BusMessage, EventBus } from './event-bus';

interface Envelope {
  /** The publishing instance (for logs and diagnostics). */
  origin: string;
  message: BusMessage;
}

const KINDS: ReadonlySet<string> = new Set<BusMessage['kind']>([
  'camera_event',
  'alert',
  'alert_updated',
  'user_revoked',
  'user_updated',
]);

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
 * local subscribers. Redis pub/sub keeps the order of one publisher's messages, so an
 * instance's events arrive everywhere in the order they were stored.
 */
export class RedisEventBus extends EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisEventBus.name);
  private readonly handlers = new Set<BusHandler>();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string, prefix: string) {
    super();
    this.channel = `${prefix}bus`;
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, connectionName: `argus-bus-${this.instanceId}` };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
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
