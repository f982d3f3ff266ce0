import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How a socket upgrade ended: accepted, refused (see `argus_ws_refusals_total`), or failed inside. */
export type HandshakeResult = 'accepted' | 'refused' | 'error';

/** Reads the live socket state at scrape time, so the hot send path only bumps plain numbers. */
export interface SocketGauges {
  connections(): number;
  messagesSent(): number;
  slowReaderCutoffs(): number;
}

/**
 * The Prometheus metrics of one app instance (contract §12), in the instance's own registry
 * (tests run several apps in one process). Each method is one increment; `Metrics.disabled()`
 * (METRICS_ENABLED=off) has the same methods doing nothing, which is what `bench:ws` compares.
 */
export class Metrics {
  private readonly handshakes: Counter<'result'>;
  private readonly refusals: Counter<'code'>;
  private readonly ingested: Counter<'source'>;
  private readonly delivery: Histogram;
  private readonly alerts: Counter<'severity'>;
  private readonly notifications: Counter<'kind' | 'status'>;
  private readonly polls: Counter<'kind'>;
  private sockets: SocketGauges | undefined;

  protected constructor(
    readonly registry: Registry,
    processMetrics: boolean,
  ) {
    const registers = [registry];
    // prom-client's process and Node metrics: CPU, memory, handles, GC, event-loop lag.
    if (processMetrics) collectDefaultMetrics({ register: registry });
    const sockets = (): SocketGauges | undefined => this.sockets;
    new Gauge({
      name: 'argus_ws_connections',
      help: 'Live sockets open on this instance.',
      registers,
      collect() {
        this.set(sockets()?.connections() ?? 0);
      },
    });
    new Counter({
      name: 'argus_ws_messages_sent_total',
      help: 'Frames written to live sockets.',
      registers,
      collect() {
        this.reset();
        this.inc(sockets()?.messagesSent() ?? 0);
      },
    });
    new Counter({
      name: 'argus_ws_slow_reader_cutoffs_total',
      help: 'Sockets terminated because their unsent output passed the slow-reader limit.',
      registers,
      collect() {
        this.reset();
        this.inc(sockets()?.slowReaderCutoffs() ?? 0);
      },
    });
    this.handshakes = new Counter({
      name: 'argus_ws_handshakes_total',
      help: 'Socket upgrades by result (accepted, refused, error).',
      labelNames: ['result'],
      registers,
    });
    this.refusals = new Counter({
      name: 'argus_ws_refusals_total',
      help: 'Refused sockets by close code (4001 token, 4008 cap, 1011 error), or HTTP status before the upgrade (403 origin, 503 shutting down).',
      labelNames: ['code'],
      registers,
    });
    this.ingested = new Counter({
      name: 'argus_events_ingested_total',
      help: 'Events stored by this instance, by camera source (api, simulator, frigate) or watchdog.',
      labelNames: ['source'],
      registers,
    });
    this.delivery = new Histogram({
      name: 'argus_event_delivery_seconds',
      help: 'From the start of an ingest to its camera_event written to the sockets of this instance.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.alerts = new Counter({
      name: 'argus_alerts_raised_total',
      help: 'Alerts raised by events stored on this instance, by severity.',
      labelNames: ['severity'],
      registers,
    });
    this.notifications = new Counter({
      name: 'argus_notifications_total',
      help: 'Alert notifications by kind (e.g. webpush, email, webhook, mqtt) and status (sent, failed, dropped).',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.polls = new Counter({
      name: 'argus_polls_total',
      help: 'REST reads of the polling fallback by kind (events, alerts, statistics).',
      labelNames: ['kind'],
      registers,
    });
  }

  /** Counting metrics, in a registry of their own. */
  static create(): Metrics {
    return new Metrics(new Registry(), true);
  }

  /** Counts nothing and serves nothing (METRICS_ENABLED=off). */
  static disabled(): Metrics {
    return new DisabledMetrics();
  }

  get enabled(): boolean {
    return true;
  }

  /** The Prometheus text exposition and its content type. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  watchSockets(gauges: SocketGauges): void {
    this.sockets = gauges;
  }

  handshake(result: HandshakeResult): void {
    this.handshakes.inc({ result });
  }

  refused(code: number): void {
    this.refusals.inc({ code: String(code) });
  }

  eventIngested(source: string): void {
    this.ingested.inc({ source });
  }

  /** An event reached this instance's sockets `seconds` after its ingest began. */
  delivered(seconds: number): void {
    this.delivery.observe(Math.max(0, seconds));
  }

  alertRaised(severity: string): void {
    this.alerts.inc({ severity });
  }

  /** For the notification senders: one delivery attempt of `kind` ended with `status`. */
  notification(kind: string, status: string): void {
    this.notifications.inc({ kind, status });
  }

  poll(kind: string): void {
    this.polls.inc({ kind });
  }
}

class DisabledMetrics extends Metrics {
  constructor() {
    // A registry nobody reads: the metric objects exist but are never touched.
    super(new Registry(), false);
  }
  override get enabled(): boolean {
    return false;
  }
  override watchSockets(): void {}
  override handshake(): void {}
  override refused(): void {}
  override eventIngested(): void {}
  override delivered(): void {}
  override alertRaised(): void {}
  override notification(): void {}
  override poll(): void {}
}
