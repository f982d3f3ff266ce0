import { EVENTS_PAGE_MAX, LONG_POLL_WAIT_DASHBOARD, type Alert, type EventsPage, type Statistics } from '@argus/shared';
import { Timeout, type LiveTimers } from './timers';
import type { DatabaseState } from './types';

/** How the events loop asks: `wait` (seconds) makes it a long poll; `signal` ends it early. */
export interface FetchEventsOptions {
  wait?: number;
  signal?: AbortSignal;
}

/** The REST calls of the fallback: the features' own fetchers, wired in by the app. */
export interface LiveFetchers {
  fetchStatistics(): Promise<Statistics>;
  /** `GET /api/events?after=[&wait=]` (null: the newest page). */
  fetchEvents(after: number | null, options?: FetchEventsOptions): Promise<EventsPage>;
  fetchOpenAlerts(): Promise<Alert[]>;
}

/** Where polled data goes; the live client filters it through its cursor. */
export interface PollDelivery {
  statistics(stats: Statistics): void;
  eventsPage(page: EventsPage): void;
  openAlerts(alerts: Alert[]): void;
  /** The event id to poll after (the live client's cursor). */
  eventsAfter(): number | null;
}

/** How a loop's latest round ended: a 503 means the server answered but its database did not. */
type RoundOutcome = 'ok' | 'unreachable' | 'database_down';

type RoundResult = { ok: true } | { ok: false; error: unknown };

/** Safety bound on catch-up pages per round; the next round continues from the cursor. */
const MAX_PAGES_PER_ROUND = 20;
/**
 * A long poll that came back empty sooner than this (a server shutting down answers at once)
 * is followed by a pause up to this long, so the loop never spins.
 */
export const MIN_EMPTY_ROUND_MS = 1000;

/**
 * Runs `task` again and again with a pause after each run (never two at once), until stopped.
 * The task may ask for its own pause (the long-poll loop asks for none); a failed run pauses
 * `pauseMs`. Stopping aborts the run in flight (a held long poll ends at once); whatever it
 * delivers before that goes through the cursor as usual, and it schedules nothing.
 */
class PollLoop {
  private generation = 0;
  private readonly next: Timeout;
  private inFlight: AbortController | null = null;

  constructor(
    timers: LiveTimers,
    private readonly task: (signal: AbortSignal) => Promise<number | void>,
    private readonly pauseMs: number,
    private readonly onOutcome: (result: RoundResult) => void,
  ) {
    this.next = new Timeout(timers);
  }

  start(): void {
    this.stop();
    void this.run(this.generation);
  }

  stop(): void {
    this.generation += 1;
    this.next.cancel();
    this.inFlight?.abort();
    this.inFlight = null;
  }

  private async run(generation: number): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    let result: RoundResult = { ok: true };
    let pause = this.pauseMs;
    try {
      pause = (await this.task(controller.signal)) ?? this.pauseMs;
    } catch (error) {
      result = { ok: false, error };
      pause = this.pauseMs;
    }
    if (generation !== this.generation) return;
    this.inFlight = null;
    this.onOutcome(result);
    this.next.start(pause, () => void this.run(generation));
  }
}

/**
 * The HTTP fallback (contract §6): statistics and open alerts every `intervalMs`, and the
 * events after the cursor in their own loop of long polls (`wait=25`: the server answers as
 * soon as an event is stored, so it reaches the dashboard within a second; the next poll
 * follows at once, a full page is followed by the next at once, a failure waits
 * `intervalMs`). Reports whether the server answers, so the client can tell Polling from
 * Offline, and what the answers say of its database (a 503 is an answer: the server is
 * reachable, its database not).
 */
export class Poller {
  private readonly overview: PollLoop;
  private readonly events: PollLoop;
  /** Each loop's latest outcome since start(). */
  private readonly latest = new Map<PollLoop, RoundOutcome>();

  constructor(
    private readonly fetchers: LiveFetchers,
    private readonly deliver: PollDelivery,
    private readonly timers: LiveTimers,
    intervalMs: number,
    /** `database` is null when no answer this round tells (only network failures so far). */
    private readonly onReachable: (reachable: boolean, database: DatabaseState | null) => void,
    private readonly databaseUnavailable: (error: unknown) => boolean = () => false,
  ) {
    this.overview = new PollLoop(
      timers,
      () => this.pollOverview(),
      intervalMs,
      (result) => this.outcome(this.overview, result),
    );
    this.events = new PollLoop(
      timers,
      (signal) => this.pollEvents(signal),
      intervalMs,
      (result) => this.outcome(this.events, result),
    );
  }

  /** Polls at once and then on schedule; a poll already running is superseded. */
  start(): void {
    this.latest.clear();
    this.overview.start();
    this.events.start();
  }

  stop(): void {
    this.latest.clear();
    this.overview.stop();
    this.events.stop();
  }

  private outcome(loop: PollLoop, result: RoundResult): void {
    this.latest.set(loop, result.ok ? 'ok' : this.databaseUnavailable(result.error) ? 'database_down' : 'unreachable');
    const outcomes = [...this.latest.values()];
    const database = outcomes.includes('database_down') ? 'down' : outcomes.includes('ok') ? 'up' : null;
    this.onReachable(!outcomes.includes('unreachable'), database);
  }

  private async pollOverview(): Promise<void> {
    const [stats, alerts] = await Promise.all([this.fetchers.fetchStatistics(), this.fetchers.fetchOpenAlerts()]);
    this.deliver.statistics(stats);
    this.deliver.openAlerts(alerts);
  }

  /** One round: pages until caught up. Answers the pause before the next round (ms). */
  private async pollEvents(signal: AbortSignal): Promise<number> {
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page += 1) {
      const after = this.deliver.eventsAfter();
      const started = this.timers.now();
      // No cursor yet: the newest page, at once. With one: a long poll.
      const options = after === null ? { signal } : { wait: LONG_POLL_WAIT_DASHBOARD, signal };
      const result = await this.fetchers.fetchEvents(after, options);
      this.deliver.eventsPage(result);
      if (after === null) return 0;
      if (result.items.length === 0) return Math.max(0, MIN_EMPTY_ROUND_MS - (this.timers.now() - started));
      // A full page that moved the cursor has more behind it.
      if (result.items.length < EVENTS_PAGE_MAX || this.deliver.eventsAfter() === after) return 0;
    }
    return 0;
  }
}
