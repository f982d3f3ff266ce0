/** Messages between the benchmark (parent) and its client workers (child processes, IPC). */

export interface ConnectCommand {
  cmd: 'connect';
  /** ws://127.0.0.1:PORT/path (without query). */
  url: string;
  /** One token per user; socket i uses tokens[i % tokens.length]. Null: no auth (bare server). */
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
  | { cmd: 'expect-close'; timeoutMs: number }
  | { cmd: 'close' };

export interface TickSample {
  /** Server send time (ms since epoch) from the message's `timestamp`. */
  sentAt: number;
  received: number;
  /** Latest receive time (ms since epoch). */
  lastAt: number;
  /** Receive − send, one per socket (ms). */
  latencies: number[];
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
      statisticsFrameBytes: number;
    }
  | { type: 'ticks'; ticks: TickSample[] }
  | { type: 'event'; id: number; received: number; lastAt: number; frameBytes: number }
  | { type: 'closed'; codes: Record<string, number>; unexpectedBeforeClose: number };

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const STATISTICS_PREFIX = '{"type":"statistics_update","timestamp":"';
export const CAMERA_EVENT_PREFIX = '{"type":"camera_event","timestamp":"';
