import type { WebSocket } from 'ws';
import type { Role } from '@argus/shared';
import { FloodGuard } from './flood-guard';
import { ALL_EVENT_TYPES_MASK, type Frame } from './server-messages';

/** A reader whose unsent output passes this is cut off rather than buffered for. */
export const SLOW_READER_BYTES = 1024 * 1024;

export interface SocketUser {
  id: number;
  username: string;
  role: Role;
}

/** Counters shared by every connection of one instance (for `GET /api/ws/status`). */
export interface SendCounter {
  sent: number;
}

const TEXT = { binary: false } as const;
const OPEN = 1;

/**
 * One accepted socket. Until `goLive()` the connection is starting (status, snapshot,
 * replay): live camera events and alerts are queued with their event id, then flushed
 * skipping what the replay already covered, so replay and live traffic neither gap
 * nor overlap.
 */
export class LiveConnection {
  /** camera_event and alert types this socket wants (bit mask, see server-messages). */
  filter = ALL_EVENT_TYPES_MASK;
  /** Cleared by each heartbeat ping, set by the pong. */
  alive = true;
  /** Expiry of the token in force (epoch seconds). */
  tokenExp: number;
  expiryTimer: NodeJS.Timeout | undefined;
  readonly flood: FloodGuard;
  /** Highest event id the replay delivered (or a resync covered). */
  private replayedThrough = 0;
  private pending: Array<{ frame: Frame; eventId: number }> | null = [];

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    public user: SocketUser,
    tokenExp: number,
    readonly openedAt: number,
    maxMessagesPerSecond: number,
    private readonly counter: SendCounter,
  ) {
    this.tokenExp = tokenExp;
    this.flood = new FloodGuard(maxMessagesPerSecond, openedAt);
  }

  get live(): boolean {
    return this.pending === null;
  }

  /**
   * Writes one prepared frame. A socket that is not open is skipped; a reader whose
   * send buffer is over SLOW_READER_BYTES is terminated instead.
   */
  send(frame: Frame): boolean {
    const ws = this.ws;
    if (ws.readyState !== OPEN) return false;
    if (ws.bufferedAmount > SLOW_READER_BYTES) {
      ws.terminate();
      return false;
    }
    ws.send(frame, TEXT);
    this.counter.sent += 1;
    return true;
  }

  /** A live camera_event or alert: queued while starting, sent once live. */
  deliver(frame: Frame, eventId: number): void {
    if (this.pending !== null) this.pending.push({ frame, eventId });
    else this.send(frame);
  }

  /** Records what the replay covered. */
  replayed(throughEventId: number): void {
    if (throughEventId > this.replayedThrough) this.replayedThrough = throughEventId;
  }

  /** Ends the start phase: flushes queued live messages newer than the replay. */
  goLive(): void {
    const queued = this.pending;
    this.pending = null;
    if (queued === null) return;
    for (const { frame, eventId } of queued) if (eventId > this.replayedThrough) this.send(frame);
  }
}
