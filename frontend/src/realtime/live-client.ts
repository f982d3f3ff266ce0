// Over 300 lines because it is the one state machine of the live connection (live, polling,
// reconnecting, stopped); its parts (backoff, cursor, poller, socket) are in their own files.
import { CloseCode, type Alert, type CameraEvent } from '@argus/shared';
import { backoff } from './backoff';
import { EventCursor } from './event-cursor';
import { LiveSocket, type DataMessage, type SocketFactory } from './live-socket';
import { Poller, type LiveFetchers } from './poller';
import { systemTimers, Timeout, type LiveTimers } from './timers';
import {
  DEFAULT_TIMING,
  snapshotOf,
  type ClientState,
  type DatabaseState,
  type IncomingAlert,
  type LiveSession,
  type LiveSink,
  type LiveSnapshot,
  type LiveTiming,
  type PollReason,
} from './types';

export interface LiveClientOptions {
  /** Absolute ws(s):// URL of the statistics socket, without query. */
  url: string;
  WebSocket: SocketFactory;
  session: LiveSession;
  fetchers: LiveFetchers;
  sink: LiveSink;
  timers?: LiveTimers;
  random?: () => number;
  isOnline?: () => boolean;
  timing?: Partial<LiveTiming>;
  /** Whether a failed poll is the server saying its database is unreachable (REST 503). */
  isDatabaseUnavailable?: (error: unknown) => boolean;
}

/** A freshly renewed token refused again this many times in a row means renewing will not help. */
const MAX_UNAUTHORIZED_IN_A_ROW = 2;

/**
 * The dashboard's live transport (contract §6): one WebSocket with backoff and heartbeat, an
 * HTTP fallback, and an event cursor so nothing is missed or delivered twice across switches.
 * Plain TypeScript: no React, all time and randomness injected.
 */
export class LiveClient {
  private state: ClientState = { kind: 'stopped' };
  /** The server's database as last reported; shown beside the connection state, not part of it. */
  private database: DatabaseState = 'up';
  private socket: LiveSocket | null = null;
  private attempt = 0;
  private unauthorizedInARow = 0;
  private online: boolean;
  private readonly cursor = new EventCursor();
  private readonly reconnect: Timeout;
  private readonly fallback: Timeout;
  private readonly poller: Poller;
  private readonly timers: LiveTimers;
  private readonly random: () => number;
  private readonly timing: LiveTiming;
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<() => void>();
  private unsubscribeSession: (() => void) | null = null;

  constructor(private readonly options: LiveClientOptions) {
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.online = options.isOnline?.() ?? true;
    this.snapshot = snapshotOf(this.state, this.online, this.database);
    this.reconnect = new Timeout(this.timers);
    this.fallback = new Timeout(this.timers);
    this.poller = new Poller(
      options.fetchers,
      {
        statistics: (stats) => options.sink.statistics(stats),
        eventsPage: (page) => {
          this.ingestEvents(page.items);
          this.cursor.advance(page.next_after);
        },
        openAlerts: (alerts) => this.ingestOpenAlerts(alerts),
        eventsAfter: () => this.cursor.position,
      },
      this.timers,
      this.timing.pollIntervalMs,
      (reachable, database) => {
        if (this.state.kind !== 'polling') return;
        if (database !== null) this.database = database;
        this.enter({ ...this.state, reachable });
      },
      options.isDatabaseUnavailable,
    );
  }

  // ------------------------------------------------------------ the store React reads

  getSnapshot = (): LiveSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get currentState(): ClientState {
    return this.state;
  }

  /** The newest event id seen: sent as `last_event_id` and used as `after` while polling. */
  get lastEventId(): number | null {
    return this.cursor.position;
  }

  // ------------------------------------------------------------ commands

  start(): void {
    if (this.state.kind !== 'stopped') return;
    this.attempt = 0;
    this.database = 'up';
    this.unsubscribeSession = this.options.session.subscribe(() => this.tokenChanged());
    this.enter({ kind: 'connecting' });
    this.connect();
  }

  stop(): void {
    this.state = { kind: 'stopped' };
    this.unsubscribeSession?.();
    this.unsubscribeSession = null;
    this.poller.stop();
    this.reconnect.cancel();
    this.fallback.cancel();
    this.socket?.close(CloseCode.NORMAL, 'client stopped');
    this.socket = null;
  }

  /** Events loaded over REST (the initial list, a resync): seen, and the cursor moves past them. */
  noteEvents(events: readonly CameraEvent[]): void {
    for (const event of events) this.cursor.advance(event.id);
  }

  /** Alerts already on screen: never toast them. */
  noteAlerts(ids: readonly number[]): void {
    this.cursor.knowAlerts(ids);
  }

  /** Browser online/offline events. Coming back online retries at once. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.publish();
    if (!online || this.state.kind === 'stopped') return;
    this.attempt = 0;
    const limited = this.state.kind === 'polling' && this.state.reason === 'connection_limit';
    if (this.socket === null && !limited) this.connect();
    if (this.state.kind === 'polling') this.poller.start();
  }

  // ------------------------------------------------------------ socket

  private connect(): void {
    this.reconnect.cancel();
    if (this.state.kind === 'stopped' || this.socket !== null) return;
    const token = this.options.session.token();
    // The session is over (signed out, or it could not be renewed): the app leaves the dashboard.
    if (token === null) return this.stop();
    const position = this.cursor.position;
    const url = position === null ? this.options.url : `${this.options.url}?last_event_id=${position}`;
    try {
      this.socket = new LiveSocket(this.options.WebSocket, url, token, this.timers, this.timing, {
        onAccepted: () => this.accepted(),
        onMessage: (message) => this.receive(message),
        onClosed: (code) => this.closed(code),
      });
    } catch {
      return this.drop();
    }
    this.armFallback();
  }

  private accepted(): void {
    this.attempt = 0;
    this.unauthorizedInARow = 0;
    this.fallback.cancel();
    this.reconnect.cancel();
    this.poller.stop();
    // The handshake checked the token against the database: it answers.
    this.database = 'up';
    this.enter({ kind: 'live' });
    // A token renewed while this socket was opening: hand it over now.
    this.tokenChanged();
  }

  private receive(message: DataMessage): void {
    switch (message.type) {
      case 'statistics_update':
        return this.options.sink.statistics(message.data);
      case 'camera_event': {
        // The message is the REST event plus its envelope.
        const { type: _type, timestamp: _timestamp, ...event } = message;
        return this.ingestEvents([event]);
      }
      case 'alert':
        return this.ingestAlert(message, true);
      case 'resync_required':
        if (typeof message.latest_event_id === 'number') this.cursor.advance(message.latest_event_id);
        return this.options.sink.resync();
      case 'alert_updated': {
        const { type: _type, timestamp: _timestamp, ...update } = message;
        return this.options.sink.alertUpdated(update);
      }
      case 'service_status':
        this.database = message.database === 'down' ? 'down' : 'up';
        return this.publish();
      case 'subscribed':
      case 'auth_ok':
      case 'error':
        return;
    }
  }

  private closed(code: number): void {
    const wasLive = this.state.kind === 'live';
    this.socket = null;
    if (this.state.kind === 'stopped') return;
    switch (code) {
      case CloseCode.UNAUTHORIZED:
        if (wasLive) this.enter({ kind: 'connecting' });
        return void this.reauthenticate();
      case CloseCode.USER_DISABLED:
        this.options.session.end('disabled');
        return this.stop();
      case CloseCode.CONNECTION_LIMIT:
        this.poll('connection_limit');
        // A slot frees only when another dashboard closes: retry at the capped delay.
        return this.scheduleReconnect(backoff(Infinity, this.random()));
      default:
        if (wasLive) this.unauthorizedInARow = 0;
        this.drop();
    }
  }

  /** 4001: get a fresh token (shared with any renewal under way) and reconnect with it at once. */
  private async reauthenticate(): Promise<void> {
    this.unauthorizedInARow += 1;
    if (this.unauthorizedInARow > MAX_UNAUTHORIZED_IN_A_ROW) {
      this.options.session.end('expired');
      return this.stop();
    }
    try {
      await this.options.session.renew();
    } catch {
      if (this.state.kind === 'stopped') return;
      // A refused renewal ended the session; otherwise the server is just unreachable: retry later.
      return this.options.session.token() === null ? this.stop() : this.drop();
    }
    this.connect();
  }

  /** Any unexpected end of a socket (or a failed attempt): retry with backoff, poll if it stays down. */
  private drop(): void {
    if (this.state.kind === 'live') this.enter({ kind: 'connecting' });
    this.armFallback();
    this.scheduleReconnect(backoff(this.attempt, this.random()));
    this.attempt += 1;
  }

  private scheduleReconnect(delayMs: number): void {
    this.reconnect.start(delayMs, () => this.connect());
  }

  private armFallback(): void {
    if (this.state.kind === 'polling' || this.fallback.pending) return;
    this.fallback.start(this.timing.fallbackAfterMs, () => {
      if (this.state.kind === 'connecting') this.poll('socket_unavailable');
    });
  }

  private poll(reason: PollReason): void {
    this.fallback.cancel();
    if (this.state.kind === 'polling') return this.enter({ ...this.state, reason });
    this.enter({ kind: 'polling', reason, reachable: true });
    this.poller.start();
  }

  /** A renewed session token: hand it to the open socket in-band. */
  private tokenChanged(): void {
    const token = this.options.session.token();
    if (this.state.kind === 'live' && token !== null && this.socket !== null && token !== this.socket.token) {
      this.socket.renewToken(token);
    }
  }

  // ------------------------------------------------------------ delivery through the cursor

  private ingestEvents(events: readonly CameraEvent[]): void {
    const fresh = this.cursor.fresh(events);
    if (fresh.length > 0) this.options.sink.events(fresh);
  }

  private ingestAlert(alert: IncomingAlert, notify: boolean): void {
    if (this.cursor.firstSight(alert.id)) this.options.sink.alert(alert, notify);
  }

  private ingestOpenAlerts(alerts: readonly Alert[]): void {
    const notify = this.cursor.alertsBaselined;
    // Oldest first, so toasts stack in the order the alerts were raised.
    for (const alert of [...alerts].sort((a, b) => a.id - b.id)) this.ingestAlert(alert, notify);
    this.cursor.knowAlerts(alerts.map((alert) => alert.id));
    this.options.sink.openAlerts([...alerts]);
  }

  // ------------------------------------------------------------ state

  private enter(next: ClientState): void {
    this.state = next;
    this.publish();
  }

  private publish(): void {
    const next = snapshotOf(this.state, this.online, this.database);
    const { state, reason, database } = this.snapshot;
    if (next.state === state && next.reason === reason && next.database === database) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
