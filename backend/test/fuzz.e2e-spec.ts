import { DataSource } from 'typeorm';
import type { Alert, AlertRule, CameraEvent, CreatedCamera, Person, User } from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { EXPECTED_CLOSES, FuzzSocket, fuzzFrame } from './support/fuzz-socket';
import { FUZZ_ROUTES, fuzzRequest, type FuzzRequest, type FuzzTargets, type Resource } from './support/fuzz-routes';
import { Fuzz, fuzzSeed } from './support/fuzz-values';
import { ingestWithSnapshot, testImage } from './support/images';
import { createUser } from './support/realtime-fixtures';
import { it, test } from './support/fixtures';
import { DOCS_ROUTES, servedRoutes } from './support/routes';
import { ADMIN, http, login, TestApp } from './support/test-app';

// Seeded and bounded: about 20 s per database on an idle 2-core machine, up to a minute on a
// busy one (the REST part is most of it, hence its own timeout).
const REST_CASES = 1500;
const SOCKET_FRAMES = 600;
const HANDSHAKES = 80;
/** A request or probe not answered within this counts as the server having stopped answering. */
const ANSWER_MS = 5000;

/** Rows stored before the fuzz, read straight from the database (the fuzz never aims at them). */
type Snapshot = Record<string, unknown[]>;

// Let the fuzz reach the code behind the limits: logins past the throttle, frames past the flood guard.
test.override('appOptions', {
  env: { LOGIN_MAX_FAILURES: '1000', WS_MAX_MESSAGES_PER_SECOND: '10000', MAX_CONNECTIONS_PER_USER: '50' },
});

describe('fuzz: hostile REST requests and socket frames', () => {
  const seed = fuzzSeed();
  const fuzz = new Fuzz(seed);
  let targets: FuzzTargets;
  let viewerId: number;
  let sentinel: Record<string, number[]>;
  let before: Snapshot;

  const read = async (t: TestApp): Promise<Snapshot> => {
    const db = t.app.get(DataSource);
    const rows: Snapshot = {};
    for (const [table, ids] of Object.entries(sentinel)) {
      rows[table] = await db.query(`SELECT * FROM ${table} WHERE id IN (${ids.join(',')}) ORDER BY id`);
    }
    return rows;
  };

  /** A fresh row the fuzz may change or delete, in place of one it deleted. */
  const scratch = async (t: TestApp, kind: Resource): Promise<number> => {
    const admin = targets.admin;
    switch (kind) {
      case 'camera': {
        const camera = await createCamera(t, admin, { name: 'Scratch camera' });
        targets.cameraKey = camera.ingest_key;
        return camera.id;
      }
      case 'person':
        return (await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Scratch' } })).body.id;
      case 'rule': {
        const body = { event_type: 'face_unknown', severity: 'info' };
        return (await http<AlertRule>(t, 'POST', '/api/alert-rules', { token: admin, body })).body.id;
      }
      case 'user':
        return (await createUser(t, admin, `scratch_${fuzz.int(1e9)}`)).user.id;
      case 'event': {
        const camera = { id: targets.ids.camera, ingest_key: targets.cameraKey } as CreatedCamera;
        return (await ingestWithSnapshot(t, camera, { event_type: 'motion_detected' }, await testImage(32, 24))).id;
      }
      case 'channel': {
        const body = { kind: 'webhook', config: { url: 'http://127.0.0.1:9/hook', secret: 'fuzz-secret-0123456789' } };
        return (await http<{ id: number }>(t, 'POST', '/api/notifications/channels', { token: admin, body })).body.id;
      }
      case 'alert': {
        const camera = { id: targets.ids.camera, ingest_key: targets.cameraKey } as CreatedCamera;
        const event = await ingest(t, camera, { event_type: 'face_unknown' });
        const alerts = await http<Alert[]>(t, 'GET', '/api/alerts?status=all&limit=500', { token: admin });
        return alerts.body.find((alert) => alert.event_id === event.id)?.id ?? 0;
      }
    }
  };

  test.beforeAll(async ({ t, admin }) => {
    console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
    const viewer = await createUser(t, admin, 'fuzz_viewer');
    viewerId = viewer.user.id;
    const camera = await createCamera(t, admin, { name: 'Sentinel camera', location: 'Vault' });
    const person = await http<Person>(t, 'POST', '/api/people', { token: admin, body: { name: 'Sentinel person' } });
    const events: CameraEvent[] = [];
    for (const body of [
      { event_type: 'face_unknown' as const, confidence: 0.5 },
      { event_type: 'face_recognized' as const, person_id: person.body.id },
      { event_type: 'motion_detected' as const },
    ]) {
      events.push(await ingest(t, camera, body));
    }
    const alerts = await http<Alert[]>(t, 'GET', '/api/alerts?status=all', { token: admin });
    const rules = await http<AlertRule[]>(t, 'GET', '/api/alert-rules', { token: admin });
    sentinel = {
      users: [1, viewerId],
      cameras: [camera.id],
      people: [person.body.id],
      camera_events: events.map((event) => event.id),
      alerts: alerts.body.map((alert) => alert.id),
      alert_rules: rules.body.map((rule) => rule.id),
    };
    targets = {
      admin,
      viewer: viewer.token,
      cameraKey: '',
      ids: { camera: 0, person: 0, rule: 0, user: 0, alert: 0, event: 0, channel: 0 },
    };
    for (const kind of ['camera', 'person', 'rule', 'user', 'alert', 'event', 'channel'] as const) {
      targets.ids[kind] = await scratch(t, kind);
    }
    before = await read(t);
    expect(before.camera_events).toHaveLength(3);
    expect(before.alerts.length).toBeGreaterThan(0);
  });

  it('describes every route the router serves', ({ t }) => {
    // The OpenAPI document and its UI are fuzzed as 'GET /api/docs-json'; their assets are static files.
    const served = servedRoutes(t.app).filter((route) => !DOCS_ROUTES.test(route) || route === 'GET /api/docs-json');
    expect(served.length).toBeGreaterThan(20);
    // A route missing here: add its :id, body and query shape to FUZZ_ROUTES (support/fuzz-routes.ts).
    expect(served.sort()).toEqual(Object.keys(FUZZ_ROUTES).sort());
  });

  it(`answers ${REST_CASES} hostile REST requests without a 5xx or a hang`, async ({ t }) => {
    const routes = Object.keys(FUZZ_ROUTES);
    const label = (request: FuzzRequest): string =>
      `${request.method} ${request.path.slice(0, 200)} as ${request.caller}` +
      (request.body === undefined ? '' : ` body ${JSON.stringify(request.body.slice(0, 200))}`);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < REST_CASES; i++) {
      const route = fuzz.chance(0.03)
        ? `${fuzz.pick(['PUT', 'GET', 'POST'])} /api/${fuzz.hostileUrlText()}/x`
        : fuzz.pick(routes);
      const spec = FUZZ_ROUTES[route] ?? {};
      const request = fuzzRequest(fuzz, route, spec, targets);
      const get = request.method === 'GET';
      let status: number;
      let text: string;
      try {
        const response = await fetch(`${t.baseUrl}${request.path}`, {
          method: request.method,
          headers: request.headers,
          body: get ? undefined : request.body,
          signal: AbortSignal.timeout(ANSWER_MS),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        failures.push(`#${i} ${label(request)}: no answer (${(error as Error).message})`);
        continue;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`#${i} ${label(request)}: ${status} ${text.slice(0, 200)}`);
      // Deleted targets are replaced, so later cases still reach existing rows.
      if (request.method === 'DELETE' && status === 204 && spec.id) targets.ids[spec.id] = await scratch(t, spec.id);
      if (
        route === 'POST /api/cameras/:id/ingest-key' &&
        status === 200 &&
        request.path.endsWith(`/${targets.ids.camera}/ingest-key`)
      ) {
        targets.cameraKey = (JSON.parse(text) as { ingest_key: string }).ingest_key;
      }
    }
    const counts = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
    console.log(`fuzz seed ${seed}: ${REST_CASES} requests answered ${counts.join(', ')}`);
    expect({ seed, failures: failures.slice(0, 20), count: failures.length }).toEqual({ seed, failures: [], count: 0 });
  }, 120_000);

  /** A close no hostile frame may earn (1011 above all), as a problem line. */
  const badClose = (ended: { code: number; reason: string } | undefined, what: string): string[] =>
    ended === undefined || EXPECTED_CLOSES[ended.code] ? [] : [`${what}: closed ${ended.code} ${ended.reason}`];

  it(`keeps serving sockets through ${SOCKET_FRAMES} hostile frames (no 1011, no silence)`, async ({ t }) => {
    const problems: string[] = [];
    const tokens = [targets.admin, targets.viewer];
    let socket: FuzzSocket | undefined;
    let last = '';
    for (let i = 0; i < SOCKET_FRAMES; i++) {
      if (socket === undefined || !socket.isOpen) {
        // Judged here, so a close that lands after the probe's pong is seen too.
        problems.push(...badClose(socket?.closeInfo, `after ${last}`));
        socket = FuzzSocket.open(t.wsBase, tokens[i % 2]);
        const opened = await socket.accepted(ANSWER_MS);
        if (opened.kind !== 'serving') problems.push(`open #${i}: ${JSON.stringify(opened)}`);
      }
      const frame = fuzzFrame(fuzz, tokens[(i + 1) % 2]);
      last = `frame #${i} ${JSON.stringify(String(frame.data).slice(0, 120))}`;
      socket.send(frame.data, frame.binary);
      const outcome = await socket.probe(ANSWER_MS);
      if (outcome.kind === 'silent') problems.push(`${last}: the server stopped answering`);
    }
    problems.push(...badClose(socket?.closeInfo, `after ${last}`));
    socket?.close();
    expect({ seed, problems: problems.slice(0, 20), count: problems.length }).toEqual({ seed, problems: [], count: 0 });
  });

  it(`accepts ${HANDSHAKES} handshakes with hostile last_event_id and tokens without 1011`, async ({ t }) => {
    const handshake = async (
      i: number,
      lastEventId: string,
      token: string | undefined,
      query: string,
    ): Promise<string[]> => {
      const socket = FuzzSocket.open(t.wsBase, token, `?last_event_id=${lastEventId}${query}`);
      const what = `handshake #${i} last_event_id=${lastEventId}${query}`;
      const opened = await socket.accepted(ANSWER_MS);
      // Replay runs after the first messages: a failure there closes the socket a moment later.
      const outcome = opened.kind === 'serving' ? await socket.probe(ANSWER_MS).then(() => socket.settle(150)) : opened;
      socket.close();
      if (token === undefined) {
        return outcome.kind === 'closed' && outcome.code === 4001
          ? []
          : [`${what}: ${JSON.stringify(outcome)}, not 4001`];
      }
      return outcome.kind === 'serving' ? [] : [`${what}: ${JSON.stringify(outcome)}`];
    };
    const cases = Array.from({ length: HANDSHAKES }, (_, i) => {
      const lastEventId = fuzz.chance(0.8) ? fuzz.hostileUrlText() : String(fuzz.int(10));
      const garbage = fuzz.chance(0.2);
      const token = garbage ? undefined : fuzz.pick([targets.admin, targets.viewer]);
      return () => handshake(i, lastEventId, token, garbage ? `&token=${fuzz.hostileUrlText()}` : '');
    });
    const problems: string[] = [];
    for (let i = 0; i < cases.length; i += 8) {
      problems.push(...(await Promise.all(cases.slice(i, i + 8).map((run) => run()))).flat());
    }
    expect({ seed, problems: problems.slice(0, 20), count: problems.length }).toEqual({ seed, problems: [], count: 0 });
  });

  it('kept every row stored before the fuzz, and still signs users in', async ({ t }) => {
    expect(await read(t)).toEqual(before);
    expect((await http(t, 'GET', '/api/health')).status).toBe(200);
    expect(await login(t, ADMIN.username, ADMIN.password)).toEqual(expect.any(String));
    const users = await http<User[]>(t, 'GET', '/api/users', { token: targets.admin });
    expect(users.body.find((user) => user.id === viewerId)).toMatchObject({ username: 'fuzz_viewer', disabled: false });
  });
});
