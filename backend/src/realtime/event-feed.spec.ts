import type { Alert, CameraEvent } from '@argus/shared';
import type { RaisedAlert } from '../alerts/alert-raiser';
import type { AlertsService } from '../alerts/alerts.service';
import type { AlertAudience } from '../bus/event-bus';
import type { EventsService, ListEventsQuery, StoredBatch, StoredListener } from '../events/events.service';
import type { ConnectionHub } from './connection-hub';
import type { EventWaiters } from '../events/event-waiters';
import { Metrics } from '../metrics/metrics';
import { EventFeed, FEED_PAGE, type FeedHealth } from './event-feed';

function event(id: number): CameraEvent {
  return {
    id,
    camera_id: 1,
    camera_name: 'Gate',
    event_type: 'face_unknown',
    occurred_at: '2026-11-23T08:00:00.000Z',
    data: {},
    has_snapshot: false,
  };
}

function raised(id: number, eventId: number): RaisedAlert {
  const alert = { id, event_id: eventId, event_type: 'face_unknown' } as Alert;
  return { alert, audience: { user_id: null, role: null } };
}

/** The table as the feed reads it, and what it did to the hub. */
class World {
  rows: CameraEvent[] = [];
  alerts: RaisedAlert[] = [];
  failing = false;
  reads = 0;
  listener: StoredListener | undefined;
  readonly delivered: string[] = [];

  readonly events = {
    latestId: () => Promise.resolve(this.rows.at(-1)?.id ?? 0),
    onStored: (listener: StoredListener) => {
      this.listener = listener;
      return () => undefined;
    },
    listAfter: (query: ListEventsQuery) => {
      this.reads += 1;
      if (this.failing) return Promise.reject(new Error('Connection terminated unexpectedly'));
      const items = this.rows.filter((e) => e.id > (query.after ?? 0)).slice(0, query.limit);
      return Promise.resolve({ items, next_after: items.at(-1)?.id ?? query.after ?? 0 });
    },
  } as unknown as EventsService;

  readonly alertsService = {
    raisedForEvents: (after: number, through: number) =>
      Promise.resolve(this.alerts.filter((a) => a.alert.event_id > after && a.alert.event_id <= through)),
  } as unknown as AlertsService;

  readonly hub = {
    deliverCameraEvent: (e: CameraEvent) => this.delivered.push(`event ${e.id}`),
    deliverAlert: (a: Alert, _audience: AlertAudience) => this.delivered.push(`alert ${a.id}`),
  } as unknown as ConnectionHub;

  /** Held long polls: woken with each event delivered, where the sockets are fed. */
  readonly notified: number[] = [];
  readonly waiters = { notify: (e: CameraEvent) => this.notified.push(e.id) } as unknown as EventWaiters;

  /** Commits an event (and its alerts) to the table. */
  commit(id: number, ...alertIds: number[]): StoredBatch {
    const stored = { event: event(id), raised: alertIds.map((alertId) => raised(alertId, id)) };
    this.rows.push(stored.event);
    this.alerts.push(...stored.raised);
    return { ...stored, alerts: stored.raised.map((r) => r.alert), ingestedAt: Date.now() };
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('EventFeed', () => {
  let world: World;
  let feed: EventFeed;

  beforeEach(async () => {
    world = new World();
    world.commit(1);
    feed = new EventFeed(world.events, world.alertsService, world.hub, Metrics.disabled(), world.waiters);
    await feed.onModuleInit();
  });
  afterEach(() => feed.onModuleDestroy());

  it('starts after the newest stored event and delivers a local event in turn at once, without a read', () => {
    world.listener!(world.commit(2, 10));
    expect(world.delivered).toEqual(['event 2', 'alert 10']);
    expect(world.reads).toBe(0);
    expect(feed.deliveredThrough).toBe(2);
  });

  it('reads the table when a local event is out of turn, so a lower id from elsewhere goes first', async () => {
    world.commit(2, 20); // stored by another instance, no wake-up yet
    world.listener!(world.commit(3));
    await settle();
    expect(world.delivered).toEqual(['event 2', 'alert 20', 'event 3']);
    expect(world.notified).toEqual([2, 3]);
  });

  it('delivers each event once when a wake-up and a local event overlap', async () => {
    world.commit(2);
    feed.wake('bus', 2);
    world.listener!(world.commit(3)); // while the read is under way
    feed.wake('poll');
    await settle();
    await settle();
    expect(world.delivered).toEqual(['event 2', 'event 3']);
  });

  it('ignores a wake-up for ids it has delivered (its own bus echo)', async () => {
    world.listener!(world.commit(2));
    feed.wake('bus', 2);
    await settle();
    expect(world.reads).toBe(0);
  });

  it('pages through a backlog in id order', async () => {
    for (let id = 2; id <= FEED_PAGE + 10; id += 1) world.commit(id);
    feed.wake('poll');
    for (let i = 0; i < 5; i += 1) await settle();
    expect(world.delivered).toHaveLength(FEED_PAGE + 9);
    expect(world.delivered.at(-1)).toBe(`event ${FEED_PAGE + 10}`);
    expect(world.reads).toBe(2); // a full page, then the rest
  });

  it('reports the database down once, keeps its place, and catches up when it answers again', async () => {
    const changes: FeedHealth[] = [];
    feed.onHealthChange((health) => changes.push(health));
    world.failing = true;
    world.commit(2);
    feed.wake('poll');
    await settle();
    feed.wake('poll');
    await settle();
    expect(changes).toEqual(['down']);
    expect(feed.health).toBe('down');
    world.failing = false;
    feed.wake('poll');
    await settle();
    await settle();
    expect(changes).toEqual(['down', 'up']);
    expect(world.delivered).toEqual(['event 2']);
  });
});
