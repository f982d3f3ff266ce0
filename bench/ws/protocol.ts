/** Messages between the socket benchmark (parent) and its client workers (child processes, IPC). */

/** `ws`: a plain WebSocket with `?token=`; `socket.io`: socket.io-client, websocket transport only. */
export type ClientKind = 'ws' | 'socket.io';

export interface ConnectCommand {
  /** warmup: open the sockets, close them again and forget them (JIT and caches warm on both sides). */
  cmd: 'connect' | 'warmup';
  kind: ClientKind;
  /** ws://127.0.0.1:PORT/path (without query). */
  url: string;
  /** One token per user; socket i uses tokens[i % tokens.length]. Null: no auth (plain `ws` baseline). */
  tokens: string[] | null;
  /** Global socket indexes [from, to) this worker opens. */
  from: number;
  to: number;
  localAddresses: string[];
  concurrency: number;
}

export type WorkerCommand =
  | ConnectCommand
  | { cmd: 'ticks'; count: number; expected: number; timeoutMs: number }
  | { cmd: 'event'; id: number; expected: number; timeoutMs: number }
  | { cmd: 'expect-close'; timeoutMs: number };

export interface TickSample {
  /** Server send time (ms since epoch) from the message's `timestamp`. */
  sentAt: number;
  received: number;
  /** Latest receive time (ms since epoch). */
  lastAt: number;
}

export type WorkerReply =
  | {
      type: 'connected';
      opened: number;
      failed: number;
      firstError: string | null;
      /** Handshake latencies in ms (socket created → first server message). */
      latencies: number[];
      durationMs: number;
    }
  | { type: 'ticks'; ticks: TickSample[] }
  | { type: 'event'; id: number; received: number; lastAt: number }
  /** `reasons`: close codes (ws) or disconnect reasons (Socket.IO) with their counts. */
  | { type: 'closed'; reasons: Record<string, number>; droppedWhileHeld: number };
