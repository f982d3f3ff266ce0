import {
  CloseCode,
  EVENTS_PAGE_MAX,
  WS_BEARER_PROTOCOL,
  type Alert,
  type AlertMessage,
  type CameraEvent,
  type CameraEventMessage,
  type EventsPage,
  type ServerMessage,
  type Statistics,
} from '@argus/shared';

/** What the dashboard shows in its connection badge. */
export type LiveState = 'connecting' | 'live' | 'polling' | 'offline';

/** Why the client is not live, when it knows: the 4008 cap, the browser being offline, or polling failing too. */
export type LiveReason = 'connection_limit' | 'browser_offline' | 'server_unreachable' | null;

export interface LiveSnapshot {
  readonly state: LiveState;
  readonly reason: LiveReason;
}

/** The subset of the browser WebSocket the client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = new (url: string, protocols: string[]) => SocketLike;

/** Browsers return a number, Node and fake timers an object. */
export type TimerHandle = number | object;

export interface LiveTimers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  now(): number;
}

/** An alert as the socket sends it, or as `GET /api/alerts` answers while polling. */
export type IncomingAlert = AlertMessage | Alert;

export interface LiveHandlers {
  onStatistics(stats: Statistics): void;
  /** New events only (never one seen before), oldest first. */
  onEvents(events: CameraEvent[]): void;
  /** An alert; `notify` is false for alerts that were already open when polling first looked. */
  onAlert(alert: IncomingAlert, notify: boolean): void;
  /** The server could not replay everything missed: reload the events list over REST. */
  onResync(): void;
  /** The token cannot be renewed (4001 and refresh failed) or the user was disabled (4003). */
  onLoggedOut(reason: 'expired' | 'disabled'): void;
}

export interface LiveTiming {
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Up to this fraction of the delay is added at random, so many dashboards do not reconnect in lockstep. */
  jitterRatio: number;
  fallbackAfterMs: number;
  pollIntervalMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export const DEFAULT_TIMING: LiveTiming = {
  initialBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  jitterRatio: 0.3,
  fallbackAfterMs: 3_000,
  pollIntervalMs: 5_000,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 10_000,
};

export interface LiveClientOptions {
  /** Absolute ws(s):// URL of the statistics socket, without query. */
  url: string;
  WebSocket: SocketFactory;
  getToken(): string | null;
  /** Gets a fresh token over REST; null when that is impossible (the session is over). */
  refreshToken(): Promise<string | null>;
  fetchStatistics(): Promise<Statistics>;
  /** `GET /api/events?after=` (null: the newest page). */
  fetchEvents(after: number | null): Promise<EventsPage>;
  fetchOpenAlerts(): Promise<Alert[]>;
  handlers: LiveHandlers;
  timers?: LiveTimers;
  random?: () => number;
  isOnline?: () => boolean;
  timing?: Partial<LiveTiming>;
}

const SOCKET_OPEN = 1;
/** A client-chosen close code for a socket we gave up on because it stopped answering pings. */
const CLOSE_DEAD_SOCKET = 4000;
const SEEN_LIMIT = 5_000;
/** Safety bound on catch-up pages per poll; the next poll continues from the cursor. */
const MAX_PAGES_PER_POLL = 20;

const systemTimers: LiveTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** A Set that forgets its oldest entries, so a dashboard left open for weeks does not grow without bound. */
class BoundedIdSet {
  private readonly ids = new Set<number>();
  constructor(private readonly limit: number) {}
  has(id: number): boolean {
    return this.ids.has(id);
  }
  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

function eventFromMessage(message: CameraEventMessage): CameraEvent {
  return {
    id: message.id,
    camera_id: message.camera_id,
    camera_name: message.camera_name,
    event_type: message.event_type,
    occurred_at: message.occurred_at ?? message.timestamp,
    data: message.data ?? {},
  };
}

function parseMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { type?: unknown }).type !== 'string') {
      return null;
    }
    return parsed as ServerMessage;
  } catch {
    // A malformed frame is dropped; the socket itself is still fine.
    return null;
  }
}

/**
 * The dashboard's live transport (contract §6): one WebSocket with backoff, heartbeat and a
 * polling fallback, keeping an event cursor so nothing is missed or delivered twice across switches.
 * Plain TypeScript: no React, all time and randomness injected.
 */
export class LiveClient {
  private readonly options: LiveClientOptions;
  private readonly timers: LiveTimers;
  private readonly random: () => number;
  private readonly timing: LiveTiming;

  private started = false;
  private socket: SocketLike | null = null;
  private attempt = 0;
  private unauthorizedInARow = 0;

  private live = false;
  private polling = false;
  private pollFailing = false;
  private limited = false;
  private online: boolean;

  private reconnectTimer: TimerHandle | null = null;
  private fallbackTimer: TimerHandle | null = null;
  private pingTimer: TimerHandle | null = null;
  private pongTimer: TimerHandle | null = null;
  private pollTimer: TimerHandle | null = null;
  private polls = 0;

  private cursor: number | null = null;
  private readonly seenEvents = new BoundedIdSet(SEEN_LIMIT);
  private readonly seenAlerts = new BoundedIdSet(SEEN_LIMIT);
  private alertsBaselined = false;

  private snapshot: LiveSnapshot = { state: 'connecting', reason: null };
  private readonly listeners = new Set<(snapshot: LiveSnapshot) => void>();

  constructor(options: LiveClientOptions) {
    this.options = options;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.online = options.isOnline?.() ?? true;
    this.publish();
  }

  // ------------------------------------------------------------ public surface

  getSnapshot = (): LiveSnapshot => this.snapshot;

  subscribe = (listener: (snapshot: LiveSnapshot) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The newest event id seen: sent as `last_event_id` and used as `after` while polling. */
  get lastEventId(): number | null {
    return this.cursor;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.attempt = 0;
    // Subscribers registered before start learn the current state (e.g. offline from the outset).
    for (const listener of this.listeners) listener(this.snapshot);
    this.connect();
  }

  stop(): void {
    this.started = false;
    this.live = false;
    this.stopPolling();
    this.clearTimer('reconnectTimer');
    this.clearTimer('fallbackTimer');
    this.stopHeartbeat();
    const socket = this.detachSocket();
    socket?.close(CloseCode.NORMAL, 'client stopped');
  }

  /** Events loaded over REST (the initial list, a resync): mark them seen and advance the cursor. */
  noteEvents(events: readonly CameraEvent[]): void {
    for (const event of events) this.markEventSeen(event.id);
  }

  /** Alerts already on screen: never toast them. */
  noteAlerts(ids: readonly number[]): void {
    for (const id of ids) this.seenAlerts.add(id);
    this.alertsBaselined = true;
  }

  /** After a REST token refresh: renew the live socket's session in-band. */
  updateToken(token: string): void {
    if (this.live && this.socket?.readyState === SOCKET_OPEN) this.send({ type: 'auth', token });
  }

  /** Browser online/offline events. Coming back online retries at once. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.publish();
    if (!online || !this.started) return;
    this.attempt = 0;
    if (this.socket === null && !this.limited) {
      this.clearTimer('reconnectTimer');
      this.connect();
    }
    if (this.polling) {
      this.clearTimer('pollTimer');
      void this.pollOnce();
    }
  }

  // ------------------------------------------------------------ socket

  private connect(): void {
    this.clearTimer('reconnectTimer');
    if (!this.started || this.socket !== null) return;
    const token = this.options.getToken();
    if (token === null) {
      this.options.handlers.onLoggedOut('expired');
      this.stop();
      return;
    }
    const url = this.cursor === null ? this.options.url : `${this.options.url}?last_event_id=${this.cursor}`;
    let socket: SocketLike;
    try {
      // The token rides in the subprotocol list, never in the URL (contract §3).
      socket = new this.options.WebSocket(url, [WS_BEARER_PROTOCOL, token]);
    } catch {
      this.handleDrop();
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => this.handleMessage(socket, event.data);
    socket.onclose = (event) => this.handleClose(socket, event.code);
    socket.onerror = () => undefined; // a close event always follows
    this.armFallback();
    this.publish();
  }

  private detachSocket(): SocketLike | null {
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
      socket.onopen = null;
    }
    return socket;
  }

  private handleMessage(socket: SocketLike, data: unknown): void {
    if (socket !== this.socket) return;
    const message = parseMessage(data);
    if (message === null) return;
    switch (message.type) {
      case 'connection_status':
        this.goLive();
        return;
      case 'statistics_update':
        this.options.handlers.onStatistics(message.data);
        return;
      case 'camera_event':
        this.ingestEvents([eventFromMessage(message)]);
        return;
      case 'alert':
        this.ingestAlert(message, true);
        return;
      case 'resync_required':
        if (typeof message.latest_event_id === 'number') this.markEventSeen(message.latest_event_id);
        this.options.handlers.onResync();
        return;
      case 'pong':
        this.clearTimer('pongTimer');
        return;
      case 'subscribed':
      case 'auth_ok':
      case 'error':
      case 'alert_updated': // not sent yet; the dashboard will apply it to the alert cache
        return;
    }
  }

  private handleClose(socket: SocketLike, code: number): void {
    if (socket !== this.socket) return;
    this.detachSocket();
    this.stopHeartbeat();
    const wasLive = this.live;
    this.live = false;
    if (!this.started) return;
    switch (code) {
      case CloseCode.UNAUTHORIZED:
        this.publish();
        void this.handleUnauthorized();
        return;
      case CloseCode.USER_DISABLED:
        this.options.handlers.onLoggedOut('disabled');
        this.stop();
        return;
      case CloseCode.CONNECTION_LIMIT:
        this.limited = true;
        this.startPolling();
        this.scheduleReconnect(true);
        return;
      default:
        if (wasLive) this.unauthorizedInARow = 0;
        this.handleDrop();
    }
  }

  private async handleUnauthorized(): Promise<void> {
    this.unauthorizedInARow += 1;
    let token: string | null = null;
    // A freshly refreshed token rejected again means something else is wrong: stop looping.
    if (this.unauthorizedInARow <= 2) {
      try {
        token = await this.options.refreshToken();
      } catch {
        token = null;
      }
    }
    if (!this.started) return;
    if (token === null) {
      this.options.handlers.onLoggedOut('expired');
      this.stop();
      return;
    }
    this.connect();
  }

  /** Any unexpected end of a socket (or a failed attempt): retry with backoff, poll if it stays down. */
  private handleDrop(): void {
    this.armFallback();
    this.publish();
    this.scheduleReconnect(false);
  }

  private goLive(): void {
    this.live = true;
    this.limited = false;
    this.attempt = 0;
    this.unauthorizedInARow = 0;
    this.clearTimer('fallbackTimer');
    this.clearTimer('reconnectTimer');
    this.stopPolling();
    this.scheduleHeartbeat();
    this.publish();
  }

  /** Delay before the next attempt: 1 s doubling to 30 s, plus 0–30 % random jitter. */
  nextDelay(capped: boolean): number {
    const { initialBackoffMs, maxBackoffMs, jitterRatio } = this.timing;
    const base = capped ? maxBackoffMs : Math.min(initialBackoffMs * 2 ** this.attempt, maxBackoffMs);
    if (!capped) this.attempt += 1;
    return Math.round(base * (1 + jitterRatio * this.random()));
  }

  private scheduleReconnect(capped: boolean): void {
    this.clearTimer('reconnectTimer');
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, this.nextDelay(capped));
  }

  private armFallback(): void {
    if (this.polling || this.fallbackTimer !== null) return;
    this.fallbackTimer = this.timers.setTimeout(() => {
      this.fallbackTimer = null;
      if (this.started && !this.live) this.startPolling();
    }, this.timing.fallbackAfterMs);
  }

  // ------------------------------------------------------------ heartbeat

  private scheduleHeartbeat(): void {
    this.clearTimer('pingTimer');
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      this.sendPing();
    }, this.timing.pingIntervalMs);
  }

  private sendPing(): void {
    if (!this.live || this.socket === null) return;
    this.send({ type: 'ping', timestamp: this.timers.now() });
    if (this.pongTimer === null) {
      this.pongTimer = this.timers.setTimeout(() => {
        this.pongTimer = null;
        this.handleDeadSocket();
      }, this.timing.pongTimeoutMs);
    }
    this.scheduleHeartbeat();
  }

  /** No pong in time: the socket may look open but nothing gets through. Drop it without waiting for TCP. */
  private handleDeadSocket(): void {
    const socket = this.detachSocket();
    this.stopHeartbeat();
    this.live = false;
    try {
      socket?.close(CLOSE_DEAD_SOCKET, 'pong timeout');
    } catch {
      // Closing a broken socket may throw in some browsers; it is gone either way.
      this.publish();
    }
    this.handleDrop();
  }

  private stopHeartbeat(): void {
    this.clearTimer('pingTimer');
    this.clearTimer('pongTimer');
  }

  private send(message: object): void {
    if (this.socket?.readyState !== SOCKET_OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  // ------------------------------------------------------------ polling

  private startPolling(): void {
    this.clearTimer('fallbackTimer');
    if (this.polling) {
      this.publish();
      return;
    }
    this.polling = true;
    this.pollFailing = false;
    this.publish();
    void this.pollOnce();
  }

  private stopPolling(): void {
    this.polling = false;
    this.pollFailing = false;
    this.polls += 1; // results of a poll still in flight are still applied, but it schedules no successor
    this.clearTimer('pollTimer');
  }

  private async pollOnce(): Promise<void> {
    this.pollTimer = null;
    const generation = this.polls;
    try {
      const [stats] = await Promise.all([this.options.fetchStatistics(), this.pollEvents(), this.pollAlerts()]);
      this.options.handlers.onStatistics(stats);
      if (generation === this.polls) this.pollFailing = false;
    } catch {
      if (generation === this.polls) this.pollFailing = true;
    }
    if (generation !== this.polls || !this.polling || !this.started) return;
    this.publish();
    this.pollTimer = this.timers.setTimeout(() => void this.pollOnce(), this.timing.pollIntervalMs);
  }

  private async pollEvents(): Promise<void> {
    for (let page = 0; page < MAX_PAGES_PER_POLL; page += 1) {
      const before = this.cursor;
      const result = await this.options.fetchEvents(before);
      this.ingestEvents(result.items);
      if (typeof result.next_after === 'number') this.markEventSeen(result.next_after);
      const advanced = this.cursor !== before;
      if (before === null || result.items.length < EVENTS_PAGE_MAX || !advanced) return;
    }
  }

  private async pollAlerts(): Promise<void> {
    const alerts = await this.options.fetchOpenAlerts();
    // Oldest first, so toasts stack in the order the alerts were raised.
    const ordered = [...alerts].sort((a, b) => a.id - b.id);
    for (const alert of ordered) this.ingestAlert(alert, this.alertsBaselined);
    this.alertsBaselined = true;
  }

  // ------------------------------------------------------------ cursor and dedupe

  private markEventSeen(id: number): void {
    this.seenEvents.add(id);
    if (this.cursor === null || id > this.cursor) this.cursor = id;
  }

  private ingestEvents(events: readonly CameraEvent[]): void {
    const fresh: CameraEvent[] = [];
    for (const event of events) {
      if (this.seenEvents.has(event.id)) continue;
      this.markEventSeen(event.id);
      fresh.push(event);
    }
    if (fresh.length > 0) this.options.handlers.onEvents(fresh);
  }

  private ingestAlert(alert: IncomingAlert, notify: boolean): void {
    if (this.seenAlerts.has(alert.id)) return;
    this.seenAlerts.add(alert.id);
    this.options.handlers.onAlert(alert, notify);
  }

  // ------------------------------------------------------------ state

  private publish(): void {
    let next: LiveSnapshot;
    if (!this.online) next = { state: 'offline', reason: 'browser_offline' };
    else if (this.live) next = { state: 'live', reason: null };
    else if (this.polling && this.pollFailing) next = { state: 'offline', reason: 'server_unreachable' };
    else if (this.polling) next = { state: 'polling', reason: this.limited ? 'connection_limit' : null };
    else next = { state: 'connecting', reason: this.limited ? 'connection_limit' : null };
    if (next.state === this.snapshot.state && next.reason === this.snapshot.reason) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener(next);
  }

  private clearTimer(name: 'reconnectTimer' | 'fallbackTimer' | 'pingTimer' | 'pongTimer' | 'pollTimer'): void {
    const handle = this[name];
    if (handle !== null) this.timers.clearTimeout(handle);
    this[name] = null;
  }
}
