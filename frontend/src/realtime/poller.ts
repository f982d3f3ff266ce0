import { EVENTS_PAGE_MAX, type Alert, type EventsPage, type Statistics } from '@argus/shared';
import { Timeout, type LiveTimers } from './timers';
import type { DatabaseState } from './types';

/** The REST calls of the fallback: the features' own fetchers, wired in by the app. */
export interface LiveFetchers {
  fetchStatistics(): Promise<Statistics>;
  /** `GET /api/events?after=` (null: the newest page). */
  fetchEvents(after: number | null): Promise<EventsPage>;
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
 * Runs `task` again and again with a pause after each run (never two at once), until stopped.
 * A run still in flight when the loop stops or restarts delivers its data but schedules nothing.
 */
class PollLoop {
  private generation = 0;
  private readonly next: Timeout;

  constructor(
    timers: LiveTimers,
    private readonly task: () => Promise<void>,
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
  }

  private async run(generation: number): Promise<void> {
    let result: RoundResult = { ok: true };
    try {
      await this.task();
    } catch (error) {
      result = { ok: false, error };
    }
    if (generation !== this.generation) return;
    this.onOutcome(result);
    this.next.start(this.pauseMs, () => void this.run(generation));
  }
}

/**
 * The HTTP fallback (contract §6): statistics and open alerts every `intervalMs`, and the
 * events after the cursor in their own loop (a full page is followed by the next at once).
 * Reports whether the server answers, so the client can tell Polling from Offline, and what
 * the answers say of its database (a 503 is an answer: the server is reachable, its database not).
 */
export class Poller {
  private readonly overview: PollLoop;
  private readonly events: PollLoop;
  /** Each loop's latest outcome since start(). */
  private readonly latest = new Map<PollLoop, RoundOutcome>();

  constructor(
    private readonly fetchers: LiveFetchers,
    private readonly deliver: PollDelivery,
    timers: LiveTimers,
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
      () => this.pollEvents(),
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

  private async pollEvents(): Promise<void> {
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page += 1) {
      const after = this.deliver.eventsAfter();
      const result = await this.fetchers.fetchEvents(after);
      this.deliver.eventsPage(result);
      // The newest page (no cursor yet) is all there is to read; a full page that moved the cursor has more behind it.
      if (after === null || result.items.length < EVENTS_PAGE_MAX || this.deliver.eventsAfter() === after) return;
    }
  }
}
