import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import mqtt, { IClientPublishOptions, MqttClient } from 'mqtt';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Reconnect delays: 1 s doubling to 30 s, plus up to 30% random jitter. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (1 + 0.3 * random()));
}

/** Larger packets are refused by the broker for us (MQTT 5 Maximum Packet Size). */
const MAX_PACKET_BYTES = 1024 * 1024;

/** Whether `topic` matches a subscription `filter` (`+` one level, `#` the rest; `$share/<group>/` ignored). */
export function topicMatches(filter: string, topic: string): boolean {
  const levels = filter.replace(/^\$share\/[^/]+\//, '').split('/');
  const parts = topic.split('/');
  for (let i = 0; i < levels.length; i += 1) {
    if (levels[i] === '#') return true;
    if (i >= parts.length || (levels[i] !== '+' && levels[i] !== parts[i])) return false;
  }
  return levels.length === parts.length;
}

export type MqttMessageHandler = (topic: string, payload: Buffer) => void;

/**
 * The one MQTT 5 client of an instance (the `mqtt` package). It reconnects with backoff
 * when the broker goes away, subscribes again after each connect (clean sessions), and
 * tells health whether it is connected. The URL may hold credentials: it is never logged.
 */
@Injectable()
export class MqttConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mqtt');
  private client: MqttClient | undefined;
  private readonly subscriptions = new Map<string, MqttMessageHandler>();
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private wasUp = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get status(): 'up' | 'down' {
    return this.client?.connected === true ? 'up' : 'down';
  }

  onModuleInit(): void {
    const url = this.config.mqttUrl;
    if (url === undefined) return;
    this.client = mqtt.connect(url, {
      protocolVersion: 5,
      clientId: `argus-${randomBytes(6).toString('hex')}`,
      clean: true,
      // Reconnection is ours (with backoff); mqtt.js would retry at a fixed period.
      reconnectPeriod: 0,
      connectTimeout: 5000,
      properties: { maximumPacketSize: MAX_PACKET_BYTES },
    });
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (error) => this.logger.debug(`MQTT error: ${error.message}`));
    this.client.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    if (client) await client.endAsync().catch(() => undefined);
  }

  /**
   * Subscribes `filter` (e.g. `$share/argus/frigate/events`) at QoS 1, now and after every
   * reconnect; each message goes to the handler of the first filter its topic matches.
   */
  subscribe(filter: string, handler: MqttMessageHandler): void {
    this.subscriptions.set(filter, handler);
    if (this.client?.connected) this.client.subscribe(filter, { qos: 1 }, (error) => this.subscribed(filter, error));
  }

  /** Publishes now, or, for QoS 1 while disconnected, once the client is connected again. */
  publish(topic: string, payload: string, options: IClientPublishOptions): void {
    this.client?.publish(topic, payload, options, (error) => {
      if (error) this.logger.debug(`publishing to ${topic} failed: ${error.message}`);
    });
  }

  /**
   * Publishes at QoS 1 and resolves on the broker's PUBACK; rejects when not connected,
   * on an error, or after `timeoutMs` (the caller retries later, so nothing is queued).
   */
  publishAcknowledged(topic: string, payload: string, timeoutMs: number): Promise<void> {
    const client = this.client;
    if (client?.connected !== true) return Promise.reject(new Error('not connected to the MQTT broker'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no PUBACK within ${timeoutMs / 1000} s`)), timeoutMs);
      timer.unref();
      client.publish(topic, payload, { qos: 1 }, (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private onConnect(): void {
    this.attempt = 0;
    this.wasUp = true;
    this.logger.log('connected to the MQTT broker');
    for (const filter of this.subscriptions.keys()) {
      this.client?.subscribe(filter, { qos: 1 }, (error) => this.subscribed(filter, error));
    }
  }

  private onClose(): void {
    if (this.stopped || this.reconnectTimer !== undefined) return;
    const delay = reconnectDelayMs(this.attempt);
    this.attempt += 1;
    if (this.wasUp) this.logger.warn(`MQTT broker connection lost; retrying in ${Math.round(delay / 1000)} s`);
    else if (this.attempt === 1) this.logger.warn('MQTT broker not reachable; retrying with backoff');
    this.wasUp = false;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.client?.reconnect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private subscribed(filter: string, error: Error | null | undefined): void {
    if (error) this.logger.warn(`subscribing to ${filter} failed: ${error.message}`);
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const [filter, handler] of this.subscriptions) {
      if (topicMatches(filter, topic)) return handler(topic, payload);
    }
  }
}
