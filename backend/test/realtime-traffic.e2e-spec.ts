import { DataSource } from 'typeorm';
import {
  toCameraEventMessage,
  type CameraEvent,
  type EventType,
  type IngestEventRequest,
  type WsStatus,
} from '@argus/shared';
import { ingest } from './support/domain';
import { CameraEventEntity } from '../src/events/camera-event.entity';
import { createUser, median } from './support/realtime-fixtures';
import { http } from './support/test-app';
import { test as base } from './support/fixtures';

const STATS_INTERVAL_MS = 200;

const test = base
  .override('appOptions', {
    env: { STATS_INTERVAL_MS: String(STATS_INTERVAL_MS), HEARTBEAT_INTERVAL_MS: '1000' },
  })
  .override('cameraBody', { name: 'Front door', location: 'Lobby' })
  .extend('viewerAccount', { scope: 'file' }, async ({ t, admin }) => createUser(t, admin, 'viewer-traffic'))
  .extend('ingest', { scope: 'file' }, ({ t, admin, camera }) => {
    return (eventType: EventType, extra: Omit<IngestEventRequest, 'event_type'> = {}): Promise<CameraEvent> =>
      ingest(t, camera, { event_type: eventType, ...extra }, { token: admin });
  })
  .extend('latestEventId', { scope: 'file' }, ({ t, admin }) => {
    return async (): Promise<number> => {
      const res = await http<{ next_after: number }>(t, 'GET', '/api/events?limit=1', { token: admin });
      return res.body.next_after;
    };
  });
const it = test;

describe('live socket traffic', () => {
  it(
    'ticks statistics on a steady cadence without drift',
    { timeout: 10_000 },
    async ({ t, viewerAccount, sockets }) => {
      const client = await sockets.accepted(t, { token: viewerAccount.token });
      await client.next('statistics_update'); // the connect snapshot
      const ticks = [];
      for (let i = 0; i < 9; i++) ticks.push(await client.next('statistics_update', 2000));
      const arrivals = client.arrivals.filter((_, i) => client.messages[i].type === 'statistics_update').slice(1);
      const intervals = arrivals.slice(1).map((at, i) => at - arrivals[i]);
      expect(intervals.length).toBeGreaterThanOrEqual(8);
      expect(Math.abs(median(intervals) - STATS_INTERVAL_MS)).toBeLessThanOrEqual(STATS_INTERVAL_MS * 0.1);
      // No tick skipped or doubled, even with a loaded event loop delaying single arrivals.
      expect(Math.max(...intervals.map((d) => Math.abs(d - STATS_INTERVAL_MS)))).toBeLessThan(STATS_INTERVAL_MS);
      // No drift: the mean over all ticks stays on the grid. (DriftFreeTimer's unit test
      // proves the grid itself deterministically.)
      const mean = (arrivals[arrivals.length - 1] - arrivals[0]) / (arrivals.length - 1);
      expect(Math.abs(mean - STATS_INTERVAL_MS)).toBeLessThanOrEqual(STATS_INTERVAL_MS * 0.1);
      // The server's own send times sit on the grid.
      const sent = ticks.map((m) => Date.parse(m.timestamp));
      const serverIntervals = sent.slice(1).map((at, i) => at - sent[i]);
      expect(Math.abs(median(serverIntervals) - STATS_INTERVAL_MS)).toBeLessThanOrEqual(STATS_INTERVAL_MS * 0.1);
    },
  );

  it(
    'delivers a stored event to every socket of two users within a second',
    { timeout: 10_000 },
    async ({ t, admin, viewerAccount, sockets, ingest }) => {
      const clients = [
        await sockets.accepted(t, { token: admin }),
        await sockets.accepted(t, { token: viewerAccount.token }),
        await sockets.accepted(t, { token: viewerAccount.token }),
      ];
      const started = performance.now();
      const event = await ingest('motion_detected');
      const received = await Promise.all(clients.map((s) => s.next('camera_event', 1000)));
      expect(performance.now() - started).toBeLessThan(1000);
      for (const message of received) {
        // The socket payload is the REST shape plus type and timestamp.
        expect(message).toEqual(toCameraEventMessage(event, message.timestamp));
        expect(Date.parse(message.timestamp)).not.toBeNaN();
      }
    },
  );

  it(
    'sends an alert only to its audience',
    { timeout: 10_000 },
    async ({ t, admin, viewerAccount, camera, sockets, ingest }) => {
      const adminSocket = await sockets.accepted(t, { token: admin });
      const watcher = await sockets.accepted(t, { token: viewerAccount.token });
      const offline = await ingest('camera_offline');
      const adminAlert = await adminSocket.next('alert', 1000);
      expect(adminAlert).toMatchObject({ event_id: offline.id, camera_id: camera.id, severity: 'critical' });
      expect(adminAlert.message).toContain('Front door');
      // face_unknown alerts everyone; the bus is ordered, so the viewer's first alert proves
      // the camera_offline one never came.
      const unknown = await ingest('face_unknown', { confidence: 0.4 });
      const viewerAlert = await watcher.next('alert', 1000);
      expect(viewerAlert).toMatchObject({ event_id: unknown.id, severity: 'warning' });
      expect((await adminSocket.next('alert', 1000)).event_id).toBe(unknown.id);
      expect(watcher.all('alert').map((a) => a.event_id)).toEqual([unknown.id]);
      expect(watcher.all('camera_event').map((e) => e.id)).toEqual([offline.id, unknown.id]);
    },
  );

  it(
    'filters camera events and alerts by subscription; statistics always flow',
    { timeout: 10_000 },
    async ({ t, viewerAccount, sockets, ingest }) => {
      const client = await sockets.accepted(t, { token: viewerAccount.token });
      client.send({ type: 'subscribe', event_types: ['face_unknown'] });
      expect(await client.next('subscribed')).toEqual({ type: 'subscribed', event_types: ['face_unknown'] });
      await ingest('motion_detected');
      const unknown = await ingest('face_unknown');
      expect((await client.next('camera_event', 1000)).id).toBe(unknown.id);
      expect((await client.next('alert', 1000)).event_id).toBe(unknown.id);
      expect(client.all('camera_event')).toHaveLength(1);

      client.send({ type: 'subscribe', event_types: ['motion_detected', 'face_unknown'] });
      expect((await client.next('subscribed')).event_types).toEqual(['motion_detected', 'face_unknown']);
      client.send({ type: 'unsubscribe', event_types: ['face_unknown', 'motion_detected'] });
      expect(await client.next('subscribed')).toEqual({ type: 'subscribed', event_types: [] });
      const silent = await ingest('face_unknown');
      const ticksBefore = client.all('statistics_update').length;
      await expect
        .poll(() => client.all('statistics_update').length, { timeout: 2000 })
        .toBeGreaterThanOrEqual(ticksBefore + 2);
      // A later event on a subscribed type arrives; the unsubscribed one never did.
      client.send({ type: 'subscribe', event_types: ['recording_started'] });
      await client.next('subscribed');
      const recording = await ingest('recording_started');
      expect((await client.next('camera_event', 1000)).id).toBe(recording.id);
      expect(client.all('camera_event').map((e) => e.id)).not.toContain(silent.id);
      expect(client.all('alert').map((a) => a.event_id)).not.toContain(silent.id);

      client.send({ type: 'subscribe', event_types: ['alien_landed'] });
      expect(await client.next('error')).toMatchObject({ code: 'invalid_message' });
    },
  );

  it('answers ping with pong echoing the timestamp', { timeout: 5000 }, async ({ t, viewerAccount, sockets }) => {
    const client = await sockets.accepted(t, { token: viewerAccount.token });
    client.send({ type: 'ping', timestamp: 1732300000123 });
    const pong = await client.next('pong');
    expect(pong.timestamp).toBe(1732300000123);
    expect(Math.abs(Date.parse(pong.server_time) - Date.now())).toBeLessThan(5000);
    client.send({ type: 'ping' });
    expect((await client.next('pong')).timestamp).toBeNull();
  });

  describe('replay', () => {
    it(
      'replays missed events and alerts in order, then live ones, without gap or duplicate',
      { timeout: 20_000 },
      async ({ t, viewerAccount, sockets, ingest, latestEventId }) => {
        const cursor = await latestEventId();
        const missed = [
          await ingest('motion_detected'),
          await ingest('face_unknown'),
          await ingest('recording_started'),
        ];
        // Ingests keep running while the socket connects and replays.
        let stop = false;
        const during: CameraEvent[] = [];
        const writer = (async () => {
          while (!stop) during.push(await ingest('motion_detected'));
        })();
        const client = sockets.connect(t, { token: viewerAccount.token, query: { last_event_id: String(cursor) } });
        await client.next('connection_status', 5000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        stop = true;
        await writer;
        const last = during[during.length - 1] ?? missed[missed.length - 1];
        await expect.poll(() => client.all('camera_event').some((e) => e.id === last.id), { timeout: 2000 }).toBe(true);

        expect(client.messages[0].type).toBe('connection_status');
        expect(client.messages[1].type).toBe('statistics_update');
        const ids = client.all('camera_event').map((e) => e.id);
        expect(ids).toEqual([...missed, ...during].map((e) => e.id));
        // The replayed alert follows its event.
        const types = client.messages.filter((m) => m.type === 'camera_event' || m.type === 'alert');
        const alertAt = types.findIndex((m) => m.type === 'alert');
        expect(types[alertAt]).toMatchObject({ type: 'alert', event_id: missed[1].id });
        expect(types[alertAt - 1]).toMatchObject({ type: 'camera_event', id: missed[1].id });
        expect(client.all('alert')).toHaveLength(1);
      },
    );

    it(
      'replays nothing when the client is up to date',
      { timeout: 5000 },
      async ({ t, viewerAccount, sockets, ingest, latestEventId }) => {
        const cursor = await latestEventId();
        const client = sockets.connect(t, { token: viewerAccount.token, query: { last_event_id: String(cursor) } });
        await client.next('statistics_update');
        const live = await ingest('motion_detected');
        expect((await client.next('camera_event', 1000)).id).toBe(live.id);
        // Ticks may interleave; no camera_event comes before the live one.
        expect(client.messages.slice(0, 2).map((m) => m.type)).toEqual(['connection_status', 'statistics_update']);
        expect(client.all('camera_event').map((e) => e.id)).toEqual([live.id]);
      },
    );

    it.for(['-4', '2147483648', '1e3'])(
      'answers last_event_id=%s with an error and goes live without replay',
      { timeout: 5000 },
      async (lastEventId, { t, viewerAccount, sockets, ingest }) => {
        const client = sockets.connect(t, { token: viewerAccount.token, query: { last_event_id: lastEventId } });
        expect(await client.next('error')).toMatchObject({ code: 'invalid_message' });
        expect(client.messages[1].type).toBe('statistics_update');
        // Only ticks may come between the snapshot and the error.
        expect(client.messages.map((m) => m.type).filter((type) => type !== 'statistics_update')).toEqual([
          'connection_status',
          'error',
        ]);
        const live = await ingest('motion_detected');
        expect((await client.next('camera_event', 1000)).id).toBe(live.id);
      },
    );

    it(
      'replays exactly 500 events, and beyond that sends one resync_required',
      { timeout: 30_000 },
      async ({ t, viewerAccount, camera, sockets, ingest, latestEventId }) => {
        const cursor = await latestEventId();
        const repository = t.app.get(DataSource).getRepository(CameraEventEntity);
        const now = new Date().toISOString();
        const row = () => ({
          cameraId: camera.id,
          cameraName: camera.name,
          eventType: 'motion_detected' as const,
          occurredAt: now,
          confidence: null,
          personId: null,
          personName: null,
          createdAt: now,
        });
        for (let i = 0; i < 5; i++) await repository.insert(Array.from({ length: 100 }, row));

        const full = sockets.connect(t, { token: viewerAccount.token, query: { last_event_id: String(cursor) } });
        await expect.poll(() => full.all('camera_event').length, { timeout: 10_000 }).toBe(500);
        expect(full.all('resync_required')).toHaveLength(0);

        await repository.insert(row());
        const latest = await latestEventId();
        const over = sockets.connect(t, { token: viewerAccount.token, query: { last_event_id: String(cursor) } });
        expect(await over.next('resync_required', 5000)).toEqual({ type: 'resync_required', latest_event_id: latest });
        expect(over.messages[1].type).toBe('statistics_update');
        expect(over.messages.map((m) => m.type).filter((type) => type !== 'statistics_update')).toEqual([
          'connection_status',
          'resync_required',
        ]);
        const live = await ingest('motion_detected');
        expect((await over.next('camera_event', 1000)).id).toBe(live.id);
        expect(over.all('camera_event')).toHaveLength(1);
      },
    );
  });

  describe('GET /api/ws/status', () => {
    it(
      "shows admins every user's count and viewers only their own",
      { timeout: 10_000 },
      async ({ t, admin, viewerAccount, sockets }) => {
        await sockets.accepted(t, { token: admin });
        await sockets.accepted(t, { token: viewerAccount.token });
        await sockets.accepted(t, { token: viewerAccount.token });

        const asAdmin = await http<WsStatus>(t, 'GET', '/api/ws/status', { token: admin });
        expect(asAdmin.status).toBe(200);
        expect(asAdmin.body).toMatchObject({
          status: 'operational',
          total_connections: 3,
          total_users: 2,
          user_connections: 1,
          max_connections_per_user: 5,
        });
        expect(asAdmin.body.connections_by_user).toEqual({ '1': 1, [String(viewerAccount.user.id)]: 2 });
        expect(asAdmin.body.messages_sent).toBeGreaterThan(0);
        // Whole seconds since the app started: never more than this test process has run.
        expect(Number.isInteger(asAdmin.body.uptime_seconds)).toBe(true);
        expect(asAdmin.body.uptime_seconds).toBeLessThanOrEqual(Math.ceil(process.uptime()));

        const asViewer = await http<WsStatus>(t, 'GET', '/api/ws/status', { token: viewerAccount.token });
        expect(asViewer.status).toBe(200);
        expect(asViewer.body.user_connections).toBe(2);
        expect(asViewer.body.total_connections).toBe(3);
        expect(asViewer.body).not.toHaveProperty('connections_by_user');

        expect((await http(t, 'GET', '/api/ws/status')).status).toBe(401);
      },
    );
  });
});
