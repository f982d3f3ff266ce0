import type { CameraEvent } from '@argus/shared';

/** How many event and alert ids are remembered: far more than can be in flight across a switch. */
const SEEN_LIMIT = 5_000;

/** A Set that forgets its oldest entries, so a dashboard left open for weeks does not grow without bound. */
class BoundedIdSet {
  private readonly ids = new Set<number>();
  constructor(private readonly limit: number) {}
  has(id: number): boolean {
    return this.ids.has(id);
  }
  add(id: number): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

/**
 * Where the dashboard is in the event stream, so nothing is missed or shown twice across the
 * socket, its replay, polling and REST loads: the newest event id seen (sent as
 * `last_event_id`, polled `after`), the ids already delivered, and the alerts already known.
 */
export class EventCursor {
  private last: number | null = null;
  private readonly seenEvents = new BoundedIdSet(SEEN_LIMIT);
  private readonly seenAlerts = new BoundedIdSet(SEEN_LIMIT);
  private alertsKnown = false;

  /** The newest event id seen; null before the first one. */
  get position(): number | null {
    return this.last;
  }

  /** True once the alerts open at start-up are known: every alert after that is news. */
  get alertsBaselined(): boolean {
    return this.alertsKnown;
  }

  /** Marks an id as seen and moves the cursor up to it (a replay point, a page's `next_after`). */
  advance(id: number): void {
    this.seenEvents.add(id);
    if (this.last === null || id > this.last) this.last = id;
  }

  /** The events never seen before, in the given order; all of them are seen from now on. */
  fresh(events: readonly CameraEvent[]): CameraEvent[] {
    const fresh: CameraEvent[] = [];
    for (const event of events) {
      if (this.seenEvents.has(event.id)) continue;
      this.advance(event.id);
      fresh.push(event);
    }
    return fresh;
  }

  /** True the first time an alert id is seen. */
  firstSight(alertId: number): boolean {
    if (this.seenAlerts.has(alertId)) return false;
    this.seenAlerts.add(alertId);
    return true;
  }

  /** Alerts already on screen (a REST load, the first poll): known, never news. */
  knowAlerts(ids: readonly number[]): void {
    for (const id of ids) this.seenAlerts.add(id);
    this.alertsKnown = true;
  }
}
