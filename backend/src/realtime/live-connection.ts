import type { WebSocket } from 'ws';
import type { EventType, PublicUserRef, Role, ServerMessage, WsErrorCode } from '@argus/shared';
import { audienceIncludes, type AlertViewer } from '../alerts/alert-audience';
import type { AlertAudience } from '../bus/event-bus';
import { FloodGuard, type FloodVerdict } from './flood-guard';
import { ALL_EVENT_TYPES_MASK, toFrame, typesOf, type Frame } from './server-messages';

/** A reader whose unsent output passes this is cut off rather than buffered for. */
export const SLOW_READER_BYTES = 1024 * 1024;

/** Counters shared by every connection of one instance (for `GET /api/ws/status`). */
export interface SendCounter {
  sent: number;
  /** Sockets terminated for being slow readers (argus_ws_slow_reader_cutoffs_total). */
  slowReaderCutoffs: number;
}

/** What a connection knows of its user: identity, and the role that routes alerts. */
export interface SocketUser extends PublicUserRef {
  role: Role;
}

/** The token in force on a socket. */
export interface SocketToken {
  /** Epoch seconds. */
  expiresAt: number;
  /** The user's token version it carries. */
  version: number;
}

const TEXT = { binary: false } as const;
const OPEN = 1;

/** A live message held while the connection starts (status, snapshot, replay). */
interface Held {
  frame: Frame;
  kind: 'event' | 'alert' | 'update';
  id: number;
  eventId: number;
}

/**
 * One accepted socket. Until `goLive()` it is starting: live camera events and alerts are
 * held, then flushed through the same duplicate guard as everything later. For its whole
 * life it drops a camera_event whose id it has already covered (sent, or covered by a
 * replay or resync) and an alert whose id it has sent or whose event a replay covered, so a
 * bus message still in flight when the replay read the database is never sent twice. The
 * two kinds are tracked apart: an alert arrives after its own event and must not be dropped
 * because that event was sent.
 */
// Extends FloodGuard so the guard's fields live in the connection's own object: one
// allocation per socket instead of two (the live endpoint holds tens of thousands).
export class LiveConnection extends FloodGuard {
  readonly user: PublicUserRef;
  private role: Role;
  // The token in force, as two plain fields (one object fewer per socket).
  private tokenExpiry: number;
  private tokenVersion: number;
  private filter = ALL_EVENT_TYPES_MASK;
  private alive = true;
  /** Highest camera_event id sent or covered. */
  private eventMark = 0;
  /** Highest alert id sent. */
  private alertMark = 0;
  /** Alerts of events up to this id were covered by the replay (or a resync). */
  private alertEventFloor = 0;
  private held: Held[] | null = [];

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    user: SocketUser,
    token: SocketToken,
    readonly openedAt: number,
    maxMessagesPerSecond: number,
    private readonly counter: SendCounter,
  ) {
    super(maxMessagesPerSecond, openedAt);
    this.user = { id: user.id, username: user.username };
    this.role = user.role;
    this.tokenExpiry = token.expiresAt;
    this.tokenVersion = token.version;
  }

  /** The `ws` socket (for shutdown, which closes every socket and waits for each). */
  get socket(): WebSocket {
    return this.ws;
  }

  get live(): boolean {
    return this.held === null;
  }

  get isOpen(): boolean {
    return this.ws.readyState === OPEN;
  }

  /** Who this socket's alerts are chosen for: the user with their current role. */
  get viewer(): AlertViewer {
    return { id: this.user.id, role: this.role };
  }

  /** Expiry of the token in force, epoch seconds. */
  get tokenExpiresAt(): number {
    return this.tokenExpiry;
  }

  /**
   * Writes one prepared frame. A socket that is not open is skipped; a reader whose send
   * buffer is over SLOW_READER_BYTES is terminated instead.
   */
  send(frame: Frame): boolean {
    const ws = this.ws;
    if (ws.readyState !== OPEN) return false;
    if (ws.bufferedAmount > SLOW_READER_BYTES) {
      this.counter.slowReaderCutoffs += 1;
      ws.terminate();
      return false;
    }
    ws.send(frame, TEXT);
    this.counter.sent += 1;
    return true;
  }

  /** A message to this socket alone (serialized here). */
  reply(message: ServerMessage): void {
    this.send(toFrame(message));
  }

  replyError(code: WsErrorCode, message: string): void {
    this.reply({ type: 'error', code, message });
  }

  /** Whether this socket's filter lets `typeBit`'s camera events and alerts through. */
  wants(typeBit: number): boolean {
    return (this.filter & typeBit) !== 0;
  }

  /** The filter becomes exactly `mask`; answers the types now in force. */
  subscribe(mask: number): EventType[] {
    this.filter = mask;
    return typesOf(this.filter);
  }

  unsubscribe(mask: number): EventType[] {
    this.filter &= ~mask;
    return typesOf(this.filter);
  }

  /** Whether an alert of `audience` is for this socket's user, as their role is now. */
  isAudienceOf(audience: AlertAudience): boolean {
    return audienceIncludes(audience, this.viewer);
  }

  /** A live camera_event: held while starting, else sent unless already covered. */
  deliverEvent(frame: Frame, eventId: number): void {
    if (this.held !== null) this.held.push({ frame, kind: 'event', id: eventId, eventId });
    else this.sendEvent(frame, eventId);
  }

  /** A live alert (`eventId`: the event that raised it). */
  deliverAlert(frame: Frame, alertId: number, eventId: number): void {
    if (this.held !== null) this.held.push({ frame, kind: 'alert', id: alertId, eventId });
    else this.sendAlert(frame, alertId, eventId);
  }

  /** A live alert_updated: held while starting (so it follows the replay), else sent. */
  deliverUpdate(frame: Frame): void {
    if (this.held !== null) this.held.push({ frame, kind: 'update', id: 0, eventId: 0 });
    else this.send(frame);
  }

  /** Sends a replayed camera_event now, even while starting. */
  sendEvent(frame: Frame, eventId: number): void {
    if (eventId <= this.eventMark) return;
    this.eventMark = eventId;
    this.send(frame);
  }

  sendAlert(frame: Frame, alertId: number, eventId: number): void {
    if (alertId <= this.alertMark || eventId <= this.alertEventFloor) return;
    this.alertMark = alertId;
    this.send(frame);
  }

  /** The replay (or a resync) covered every event and alert up to `eventId`. */
  coveredThrough(eventId: number): void {
    this.eventMark = Math.max(this.eventMark, eventId);
    this.alertEventFloor = Math.max(this.alertEventFloor, eventId);
  }

  /** Ends the start: flushes the held live messages through the duplicate guard. */
  goLive(): void {
    const held = this.held;
    this.held = null;
    if (held === null) return;
    for (const { frame, kind, id, eventId } of held) {
      if (kind === 'event') this.sendEvent(frame, id);
      else if (kind === 'alert') this.sendAlert(frame, id, eventId);
      else this.send(frame);
    }
  }

  /** The flood guard's verdict on one incoming client message. */
  rate(nowMs: number): FloodVerdict {
    return this.check(nowMs);
  }

  /** A newer token of the same user took over (in-band refresh), with the user's current role. */
  renew(token: SocketToken, role: Role): void {
    this.tokenExpiry = token.expiresAt;
    this.tokenVersion = token.version;
    this.role = role;
  }

  /**
   * The user changed (on any instance): alert routing follows the new role at once. False
   * when the change ended this socket's token (a password change bumped the version).
   */
  follow(role: Role, tokenVersion: number): boolean {
    if (tokenVersion > this.tokenVersion) return false;
    this.role = role;
    return true;
  }

  /** One heartbeat round: false (and terminated) if the previous ping went unanswered. */
  ping(): boolean {
    if (!this.alive) {
      this.ws.terminate();
      return false;
    }
    this.alive = false;
    this.ws.ping();
    return true;
  }

  /** A pong frame arrived. */
  answered(): void {
    this.alive = true;
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }
}
