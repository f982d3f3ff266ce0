import type { Alert, AlertMessage, AlertUpdate, CameraEvent, Statistics } from '@argus/shared';

// The live client's state and the two ports it talks through: the sink its data goes to and
// the session its token comes from.

/** Why the client polls: no socket opened in time, or the server refused one more (4008). */
export type PollReason = 'socket_unavailable' | 'connection_limit';

/** The client's one state value. */
export type ClientState =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'polling'; readonly reason: PollReason; readonly reachable: boolean };

/** What the dashboard shows in its connection badge (contract §6: Live, Connecting, Polling, Offline). */
export type ConnectionState = 'connecting' | 'live' | 'polling' | 'offline';
export type ConnectionReason = 'connection_limit' | 'browser_offline' | 'server_unreachable' | null;

/**
 * The server's database as last reported: `service_status` on the socket, a REST 503 (or a
 * success) while polling. Kept across reconnects until the server says otherwise.
 */
export type DatabaseState = 'up' | 'down';

export interface LiveSnapshot {
  readonly state: ConnectionState;
  readonly reason: ConnectionReason;
  /** `down`: no events or statistics can arrive until it is `up` again (the dashboard's banner). */
  readonly database: DatabaseState;
}

/** The badge's view of the client's state; the browser being offline shows over everything. */
export function snapshotOf(state: ClientState, online: boolean, database: DatabaseState = 'up'): LiveSnapshot {
  return { ...connectionOf(state, online), database };
}

function connectionOf(state: ClientState, online: boolean): Pick<LiveSnapshot, 'state' | 'reason'> {
  if (!online) return { state: 'offline', reason: 'browser_offline' };
  switch (state.kind) {
    case 'stopped':
    case 'connecting':
      return { state: 'connecting', reason: null };
    case 'live':
      return { state: 'live', reason: null };
    case 'polling':
      if (!state.reachable) return { state: 'offline', reason: 'server_unreachable' };
      return { state: 'polling', reason: state.reason === 'connection_limit' ? 'connection_limit' : null };
  }
}

/** An alert as the socket sends it, or as `GET /api/alerts` answers while polling. */
export type IncomingAlert = AlertMessage | Alert;

/** Where the client delivers what it receives (the app routes it into the query cache). */
export interface LiveSink {
  statistics(stats: Statistics): void;
  /** New events only (never one delivered before), oldest first. */
  events(events: CameraEvent[]): void;
  /** A new alert; `notify` is false for alerts that were already open when polling first looked. */
  alert(alert: IncomingAlert, notify: boolean): void;
  /** An alert was acknowledged (on this dashboard or another): `alert_updated` on the socket. */
  alertUpdated(update: AlertUpdate): void;
  /** While polling: the open alerts now (the newest ALERTS_CACHE_CAP), to find those acknowledged elsewhere. */
  openAlerts(open: Alert[]): void;
  /** The server could not replay everything missed: reload the events list over REST. */
  resync(): void;
}

/** The session the client authenticates with (lib/session's store). */
export interface LiveSession {
  token(): string | null;
  /** A fresh token (single-flight, shared with every other renewal); rejects when none can be had. */
  renew(): Promise<string>;
  end(reason: 'expired' | 'disabled'): void;
  subscribe(listener: () => void): () => void;
}

export interface LiveTiming {
  fallbackAfterMs: number;
  pollIntervalMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export const DEFAULT_TIMING: LiveTiming = {
  fallbackAfterMs: 3_000,
  pollIntervalMs: 5_000,
  pingIntervalMs: 30_000,
  pongTimeoutMs: 10_000,
};
