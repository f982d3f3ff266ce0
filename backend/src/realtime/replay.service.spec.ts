import { MAX_ID, WS_REPLAY_LIMIT, type Alert, type CameraEvent } from '@argus/shared';
import type { AlertViewer } from '../alerts/alert-audience';
import type { AlertsService } from '../alerts/alerts.service';
import type { EventsService, ListEventsQuery } from '../events/events.service';
import { ReplayService, replayCursor } from './replay.service';

const event = (id: number): CameraEvent => ({
  id,
  camera_id: 1,
  camera_name: 'Gate',
  event_type: 'face_unknown',
  occurred_at: '2026-11-23T08:00:00.000Z',
  data: {},
  has_snapshot: false,
});

const alert = (id: number, eventId: number): Alert => ({
  id,
  event_id: eventId,
  rule_id: 1,
  camera_id: 1,
  camera_name: 'Gate',
  event_type: 'face_unknown',
  severity: 'warning',
  message: 'Unknown face at Gate',
  created_at: '2026-11-23T08:00:00.000Z',
  status: 'open',
  acknowledged_at: null,
  acknowledged_by: null,
});

/** The replay's two sources as plain data: what the database holds for this viewer. */
function replayOver(events: CameraEvent[], alerts: Alert[]): ReplayService {
  const eventsSource: Pick<EventsService, 'listAfter' | 'latestId'> = {
    listAfter: (query: ListEventsQuery) => {
      const items = events.filter((e) => e.id > (query.after ?? 0)).slice(0, query.limit);
      return Promise.resolve({ items, next_after: items.at(-1)?.id ?? query.after ?? 0 });
    },
    latestId: () => Promise.resolve(events.at(-1)?.id ?? 0),
  };
  const alertsSource: Pick<AlertsService, 'listForUserAfterEvent'> = {
    listForUserAfterEvent: (_viewer: AlertViewer, after: number, limit: number) =>
      Promise.resolve(alerts.filter((a) => a.event_id > after).slice(0, limit)),
  };
  return new ReplayService(eventsSource as EventsService, alertsSource as AlertsService);
}

const viewer: AlertViewer = { id: 2, role: 'viewer' };
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('ReplayService', () => {
  it('replays every event after the cursor, each followed by its alerts, and names what it covered', async () => {
    const replay = replayOver([event(3), event(4), event(5), event(6)], [alert(1, 4), alert(2, 4), alert(3, 6)]);
    const plan = await replay.plan(viewer, 3);
    expect(plan).toEqual({
      kind: 'replay',
      through: 6,
      items: [
        { kind: 'event', event: event(4) },
        { kind: 'alert', alert: alert(1, 4) },
        { kind: 'alert', alert: alert(2, 4) },
        { kind: 'event', event: event(5) },
        { kind: 'event', event: event(6) },
        { kind: 'alert', alert: alert(3, 6) },
      ],
    });
  });

  it('leaves out alerts whose event is newer than the events it read (they come live with it)', async () => {
    // The alert query ran after an event (7) was stored that the event query did not see.
    const replay = replayOver([event(5)], [alert(1, 5), alert(2, 7)]);
    const plan = await replay.plan(viewer, 4);
    expect(plan).toEqual({
      kind: 'replay',
      through: 5,
      items: [
        { kind: 'event', event: event(5) },
        { kind: 'alert', alert: alert(1, 5) },
      ],
    });
  });

  it('covers the cursor itself when nothing is newer', async () => {
    expect(await replayOver([event(1)], []).plan(viewer, 1)).toEqual({ kind: 'replay', items: [], through: 1 });
  });

  it(`replays exactly ${WS_REPLAY_LIMIT} events, and asks for a resync beyond`, async () => {
    const events = range(1, WS_REPLAY_LIMIT + 1).map(event);
    const exact = await replayOver(events, []).plan(viewer, 1);
    expect(exact.kind === 'replay' && exact.items.length).toBe(WS_REPLAY_LIMIT);
    expect(await replayOver(events, []).plan(viewer, 0)).toEqual({ kind: 'resync', latest: WS_REPLAY_LIMIT + 1 });
  });

  it(`asks for a resync when more than ${WS_REPLAY_LIMIT} of the viewer's alerts follow`, async () => {
    const alerts = range(1, WS_REPLAY_LIMIT + 1).map((id) => alert(id, 2));
    expect(await replayOver([event(1), event(2)], alerts).plan(viewer, 0)).toEqual({ kind: 'resync', latest: 2 });
  });
});

describe('replayCursor', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['/api/ws/statistics', { kind: 'none' }],
    ['/api/ws/statistics?token=x&last_event_id=0', { kind: 'after', id: 0 }],
    ['/api/ws/statistics?last_event_id=1151', { kind: 'after', id: 1151 }],
    [`/api/ws/statistics?last_event_id=${MAX_ID}`, { kind: 'after', id: MAX_ID }],
    [`/api/ws/statistics?last_event_id=${MAX_ID + 1}`, { kind: 'invalid' }],
    ['/api/ws/statistics?last_event_id=99999999999', { kind: 'invalid' }],
    ['/api/ws/statistics?last_event_id=-4', { kind: 'invalid' }],
    ['/api/ws/statistics?last_event_id=1e3', { kind: 'invalid' }],
    ['/api/ws/statistics?last_event_id=', { kind: 'invalid' }],
  ])('reads %s as %j', (url, cursor) => {
    expect(replayCursor(url)).toEqual(cursor);
  });
});
