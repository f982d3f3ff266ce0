import {
  WS_BEARER_PROTOCOL,
  type ClientMessage,
  type ConnectionStatusMessage,
  type PongMessage,
  type ServerMessage,
} from '@argus/shared';
import { Timeout, type LiveTimers } from './timers';

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

/** What the socket hands on: everything but the handshake and the heartbeat it handles itself. */
export type DataMessage = Exclude<ServerMessage, ConnectionStatusMessage | PongMessage>;

export interface LiveSocketEvents {
  /** The server accepted the socket (its first message, `connection_status`, arrived). */
  onAccepted(): void;
  onMessage(message: DataMessage): void;
  /** The socket is gone: closed by the server or the network, or given up as dead (4000). */
  onClosed(code: number): void;
}

export interface HeartbeatTiming {
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

const SOCKET_OPEN = 1;
/** A client-chosen close code for a socket given up on because it stopped answering pings. */
export const CLOSE_DEAD_SOCKET = 4000;

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
 * One WebSocket attempt and its heartbeat: `ping` every 30 s once accepted, and a socket that
 * leaves a ping unanswered for 10 s is closed (4000) without waiting for TCP to notice.
 */
export class LiveSocket {
  private readonly socket: SocketLike;
  private readonly ping: Timeout;
  private readonly pong: Timeout;
  private readonly now: () => number;

  /** Throws when the browser refuses to open the socket (e.g. a malformed URL). */
  constructor(
    Socket: SocketFactory,
    url: string,
    /** The token the socket authenticated with; renewed in-band by renewToken(). */
    public token: string,
    timers: LiveTimers,
    private readonly timing: HeartbeatTiming,
    private readonly events: LiveSocketEvents,
  ) {
    this.ping = new Timeout(timers);
    this.pong = new Timeout(timers);
    this.now = () => timers.now();
    // The token rides in the subprotocol list, never in the URL (contract §3).
    this.socket = new Socket(url, [WS_BEARER_PROTOCOL, token]);
    this.socket.onmessage = (event) => this.receive(event.data);
    this.socket.onclose = (event) => this.closed(event.code);
    this.socket.onerror = () => undefined; // a close event always follows
  }

  /** Sends the renewed token on the open socket, so it is never cut for expiry. */
  renewToken(token: string): void {
    this.token = token;
    this.send({ type: 'auth', token });
  }

  /** Closes the socket from our side; no onClosed follows. */
  close(code: number, reason: string): void {
    this.detach();
    try {
      this.socket.close(code, reason);
    } catch {
      // Closing a broken socket may throw in some browsers; it is gone either way.
    }
  }

  private send(message: ClientMessage): void {
    if (this.socket.readyState === SOCKET_OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(data: unknown): void {
    const message = parseMessage(data);
    if (message === null) return;
    if (message.type === 'connection_status') {
      this.schedulePing();
      this.events.onAccepted();
    } else if (message.type === 'pong') {
      this.pong.cancel();
    } else {
      this.events.onMessage(message);
    }
  }

  private schedulePing(): void {
    this.ping.start(this.timing.pingIntervalMs, () => {
      this.send({ type: 'ping', timestamp: this.now() });
      if (!this.pong.pending) this.pong.start(this.timing.pongTimeoutMs, () => this.dead());
      this.schedulePing();
    });
  }

  /** No pong in time: the socket may look open but nothing gets through. */
  private dead(): void {
    this.close(CLOSE_DEAD_SOCKET, 'pong timeout');
    this.events.onClosed(CLOSE_DEAD_SOCKET);
  }

  private closed(code: number): void {
    this.detach();
    this.events.onClosed(code);
  }

  private detach(): void {
    this.ping.cancel();
    this.pong.cancel();
    this.socket.onmessage = null;
    this.socket.onclose = null;
    this.socket.onerror = null;
    this.socket.onopen = null;
  }
}
