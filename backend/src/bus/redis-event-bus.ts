import { randomUUID } from 'node:crypto';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { ThrottledWarning } from '../common/throttled-warning';
import { BusHandler, BusMessage, EventBus } from './event-bus';

interface Envelope {
  /** The publishing instance (for logs and diagnostics). */
  origin: string;
  message: BusMessage;
  /** Set by publishConfirmed: every receiving instance answers it on the ack channel once delivered. */
  confirm?: string;
}

/** How long publishConfirmed waits for every instance's acknowledgement. */
export const CONFIRM_TIMEOUT_MS = 2000;

interface PendingConfirm {
  /** Instances that received the message (PUBLISH's answer), once known. */
  expected: number | undefined;
  acked: number;
  done: () => void;
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
    KINDS.has(envelope.message.kind) &&
    (envelope.confirm === undefined || typeof envelope.confirm === 'string')
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
 *
 * `publishConfirmed` adds an acknowledgement round: each instance, once it has handed the
 * message to its subscribers, publishes the message's id on a second channel, and the
 * publisher waits for as many acknowledgements as PUBLISH reported receivers (bounded by
 * CONFIRM_TIMEOUT_MS, then it logs which change went unconfirmed and answers anyway: the
 * change is committed, and caches fall back on their TTL).
 *
 * While the subscription is down `connected` is false; when it is back (after ioredis has
 * resubscribed and this instance has confirmed its own subscription) the resync handlers run.
 */
export class RedisEventBus extends EventBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisEventBus.name);
  private readonly outage = new ThrottledWarning(this.logger, 'event bus: Redis unavailable');
  private readonly handlers = new Set<BusHandler>();
  private readonly instanceId = randomUUID();
  private readonly channel: string;
  private readonly ackChannel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly pending = new Map<string, PendingConfirm>();
  private readonly resyncHandlers = new Set<() => void>();
  private subscribed = false;
  private stopping = false;

  constructor(url: string, prefix: string) {
    super();
    this.channel = `${prefix}bus`;
    this.ackChannel = `${prefix}bus-ack`;
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
      else if (channel === this.ackChannel) this.acknowledged(payload);
    });
    this.subscriber.on('close', () => {
      if (this.subscribed && !this.stopping) this.logger.warn('bus subscription lost: waiting for Redis');
      this.subscribed = false;
    });
    // ioredis resubscribes on its own after 'ready'; our SUBSCRIBE is answered after its own,
    // so when it resolves no message published from then on can be missed.
    this.subscriber.on('ready', () => {
      if (!this.subscribed && !this.stopping) void this.resubscribed();
    });
    await this.subscriber.subscribe(this.channel, this.ackChannel);
    this.subscribed = true;
    this.logger.log(`event bus on Redis channel ${this.channel}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.handlers.clear();
    this.resyncHandlers.clear();
    for (const confirm of this.pending.values()) confirm.done();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }

  /** Subscribed and able to publish: messages flow between instances (health reports it). */
  override get connected(): boolean {
    return this.subscribed && this.publisher.status === 'ready';
  }

  override onResync(handler: () => void): () => void {
    this.resyncHandlers.add(handler);
    return () => this.resyncHandlers.delete(handler);
  }

  async publish(message: BusMessage): Promise<void> {
    const envelope: Envelope = { origin: this.instanceId, message };
    await this.publisher.publish(this.channel, JSON.stringify(envelope));
  }

  override publishConfirmed(message: BusMessage): Promise<void> {
    const id = randomUUID();
    const envelope: Envelope = { origin: this.instanceId, message, confirm: id };
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const confirm = this.pending.get(id);
        this.logger.warn(
          `${message.kind} of user ${'user_id' in message ? message.user_id : '?'}: ` +
            `${confirm?.acked ?? 0} of ${confirm?.expected ?? '?'} instances confirmed within ${CONFIRM_TIMEOUT_MS} ms`,
        );
        confirm?.done();
      }, CONFIRM_TIMEOUT_MS);
      const confirm: PendingConfirm = {
        expected: undefined,
        acked: 0,
        done: () => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve();
        },
      };
      this.pending.set(id, confirm);
      this.publisher.publish(this.channel, JSON.stringify(envelope)).then(
        (receivers) => {
          confirm.expected = receivers;
          if (confirm.acked >= receivers) confirm.done();
        },
        (error: unknown) => {
          clearTimeout(timer);
          this.pending.delete(id);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  private async resubscribed(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel, this.ackChannel);
    } catch (error) {
      // The next 'ready' tries again.
      this.logger.warn(`bus resubscribe failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (this.subscribed || this.stopping) return;
    this.subscribed = true;
    this.logger.log('bus subscription back: resynchronizing');
    for (const handler of this.resyncHandlers) {
      try {
        handler();
      } catch (error) {
        this.logger.error('bus resync handler failed', error instanceof Error ? error.stack : String(error));
      }
    }
  }

  private acknowledged(id: string): void {
    const confirm = this.pending.get(id);
    if (confirm === undefined) return;
    confirm.acked += 1;
    if (confirm.expected !== undefined && confirm.acked >= confirm.expected) confirm.done();
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
    if (envelope.confirm !== undefined) {
      this.publisher.publish(this.ackChannel, envelope.confirm).catch((error: unknown) => {
        this.logger.warn(`bus acknowledgement failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }
}
