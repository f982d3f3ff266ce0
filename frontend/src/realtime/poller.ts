import { EVENTS_PAGE_MAX, type Alert, type EventsPage, type Statistics } from '@argus/shared';
import { Timeout, type LiveTimers } from './timers';

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
    private readonly onOutcome: (ok: boolean) => void,
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
    let ok = true;
    try {
      await this.task();
    } catch {
      ok = false;
    }
    if (generation !== this.generation) return;
    this.onOutcome(ok);
    this.next.start(this.pauseMs, () => void this.run(generation));
  }
}

/**
 * The HTTP fallback (contract §6): statistics and open alerts every `intervalMs`, and the
 * events after the cursor in their own loop (a full page is followed by the next at once).
 * Reports whether the server answers, so the client can tell Polling from Offline.
 */
export class Poller {
  private readonly overview: PollLoop;
  private readonly events: PollLoop;
  private readonly failing = new Set<PollLoop>();

  constructor(
    private readonly fetchers: LiveFetchers,
    private readonly deliver: PollDelivery,
    timers: LiveTimers,
    intervalMs: number,
    private readonly onReachable: (reachable: boolean) => void,
  ) {
    this.overview = new PollLoop(
      timers,
      () => this.pollOverview(),
      intervalMs,
      (ok) => this.outcome(this.overview, ok),
    );
    this.events = new PollLoop(
      timers,
      () => this.pollEvents(),
      intervalMs,
      (ok) => this.outcome(this.events, ok),
    );
  }

  /** Polls at once and then on schedule; a poll already running is superseded. */
  start(): void {
    this.failing.clear();
    this.overview.start();
    this.events.start();
  }

  stop(): void {
    this.failing.clear();
    this.overview.stop();
    this.events.stop();
  }

  private outcome(loop: PollLoop, ok: boolean): void {
    if (ok) this.failing.delete(loop);
    else this.failing.add(loop);
    this.onReachable(this.failing.size === 0);
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
