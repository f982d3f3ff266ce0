/** Messages between the long-polling benchmark (parent) and its client process (IPC). */

export interface HoldCommand {
  cmd: 'hold';
  /** Full URL of the long poll, e.g. http://127.0.0.1:PORT/api/events?after=12&wait=25. */
  url: string;
  token: string;
  count: number;
  localAddresses: string[];
  /** After the last request is written, wait this long before answering (the server parses them all). */
  settleMs: number;
}

export interface AwaitCommand {
  cmd: 'await';
  /** Start of the measured moment (the ingest, or the SIGTERM), ms since epoch. */
  since: number;
  /** The id an answer must carry to count as "released with the event"; null: none expected. */
  eventId: number | null;
  timeoutMs: number;
}

export type LongPollCommand = HoldCommand | AwaitCommand;

/**
 * How one held request ended: `event` (200 with the event), `empty` (200 with no items),
 * `status <code>`, `closed` (the server closed the connection without an answer), `error`
 * (reset or other socket error), `pending` (no answer before the timeout).
 */
export type Outcome = string;

export type LongPollReply =
  | { type: 'held'; written: number; answeredEarly: number; firstEarly: string | null }
  | {
      type: 'answers';
      outcomes: Record<Outcome, number>;
      /** End time (answer or close) − `since`, ms, for every request that ended. */
      latencies: number[];
      /** One example per outcome other than event/empty (status and body, or the error). */
      examples: Record<Outcome, string>;
    };
