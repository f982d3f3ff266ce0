import { randomUUID } from 'node:crypto';
import type { ApiError, CameraEvent, CreatedCamera, EventsPage } from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { ManualClock } from './support/manual-clock';
import { discardTestData, http, login, startTestApp, type HttpResult, type TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL;

/** Resolves with the answer, or reports (without settling) that it is still held. */
function track<T>(request: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  const promise = request.finally(() => (done = true));
  return { promise, settled: () => done };
}

/** Lets the server take the request in (and run its first read). */
async function heldFor(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

// Contract §2: GET /api/events?after=ID&wait=S is held until a matching event is stored on any
// instance or S seconds pass, then answered {items: [], next_after: ID}.
describe('long polling GET /api/events?after=&wait=', () => {
  let t: TestApp;
  let token: string;
  let gate: CreatedCamera;
  let yard: CreatedCamera;
  let latest: CameraEvent;

  const poll = (query: string) => http<EventsPage & ApiError>(t, 'GET', `/api/events?${query}`, { token });

  beforeAll(async () => {
    t = await startTestApp({ env: { STATS_INTERVAL_MS: '60000' } });
    token = await login(t);
    gate = await createCamera(t, token, { name: 'Gate' });
    yard = await createCamera(t, token, { name: 'Yard' });
    latest = await ingest(t, gate, { event_type: 'motion_detected' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['0', '31', '-1', '1.5', 'abc', ''])('answers 400 naming wait for wait=%s', async (wait) => {
    const res = await poll(`after=0&wait=${wait}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain('wait');
  });

  it('answers at once when something newer is there already', async () => {
    const started = performance.now();
    const res = await poll(`after=${latest.id - 1}&wait=30`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.body).toEqual({ items: [latest], next_after: latest.id });
  });

  it('ignores wait without after: the newest page at once', async () => {
    const res = await poll('wait=30');
    expect(res.status).toBe(200);
    expect(res.body.items.at(-1)?.id).toBe(latest.id);
  });

  it('holds the request until an event is stored, then answers it within 1 s', async () => {
    const held = track(poll(`after=${latest.id}&wait=20`));
    await heldFor(300);
    expect(held.settled()).toBe(false);
    const started = performance.now();
    const stored = await ingest(t, yard, { event_type: 'face_unknown' });
    const res: HttpResult<EventsPage> = await held.promise;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [stored], next_after: stored.id });
    latest = stored;
  });

  it('releases many held requests with one event, each with the same page', async () => {
    const held = Array.from({ length: 50 }, () => poll(`after=${latest.id}&wait=20`));
    await heldFor(500);
    const stored = await ingest(t, gate, { event_type: 'motion_detected' });
    const answers = await Promise.all(held);
    for (const res of answers) expect(res.body).toEqual({ items: [stored], next_after: stored.id });
    latest = stored;
  });

  it('stays held for events its filters do not match, and answers only what matches', async () => {
    const byCamera = track(poll(`after=${latest.id}&wait=20&camera_id=${yard.id}`));
    const byType = track(poll(`after=${latest.id}&wait=20&event_type=camera_offline,face_recognized`));
    await heldFor(300);
    const other = await ingest(t, gate, { event_type: 'motion_detected' });
    await heldFor(500);
    expect([byCamera.settled(), byType.settled()]).toEqual([false, false]);
    const match = await ingest(t, yard, { event_type: 'camera_offline' });
    expect((await byCamera.promise).body).toEqual({ items: [match], next_after: match.id });
    expect((await byType.promise).body).toEqual({ items: [match], next_after: match.id });
    expect(other.id).toBeLessThan(match.id);
    latest = match;
  });

  it('misses nothing stored between two polls: the next poll from the cursor gets it at once', async () => {
    const first = await ingest(t, gate, { event_type: 'recording_started' });
    const second = await ingest(t, gate, { event_type: 'recording_stopped' });
    const res = await poll(`after=${latest.id}&wait=20`);
    expect(res.body).toEqual({ items: [first, second], next_after: second.id });
    latest = second;
  });
});

describe('long polling: deadline and shutdown', () => {
  let t: TestApp;
  let clock: ManualClock;
  let token: string;
  let after: number;

  beforeAll(async () => {
    clock = new ManualClock();
    t = await startTestApp({ env: { STATS_INTERVAL_MS: '60000' }, clock });
    token = await login(t);
    const camera = await createCamera(t, token, { name: 'Door' });
    after = (await ingest(t, camera, { event_type: 'motion_detected' })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the empty page with the same cursor once S seconds have passed, not before', async () => {
    const held = track(http<EventsPage>(t, 'GET', `/api/events?after=${after}&wait=5`, { token }));
    await heldFor(300);
    clock.advance(4800);
    await heldFor(200);
    expect(held.settled()).toBe(false);
    clock.advance(300);
    const res = await held.promise;
    expect([res.status, res.body]).toEqual([200, { items: [], next_after: after }]);
  });

  it('answers every held request on shutdown (not cut), and the server stops', async () => {
    const held = Array.from({ length: 20 }, () =>
      http<EventsPage>(t, 'GET', `/api/events?after=${after}&wait=30`, { token }),
    );
    await heldFor(500);
    const started = performance.now();
    await t.close();
    const answers = await Promise.all(held);
    expect(performance.now() - started).toBeLessThan(5000);
    for (const res of answers) expect([res.status, res.body]).toEqual([200, { items: [], next_after: after }]);
  });
});

describe.skipIf(!REDIS_URL)('long polling across instances (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let token: string;

  beforeAll(async () => {
    a = await startTestApp({
      env: { REDIS_URL: REDIS_URL!, REDIS_PREFIX: `argus-test-${randomUUID()}:`, STATS_INTERVAL_MS: '60000' },
      keepData: true,
    });
    b = await startTestApp({ reuse: a, keepData: true });
    token = await login(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (a) await discardTestData(a);
  });

  it('a poll held on one instance is answered within 1 s of an event stored on the other', async () => {
    const camera = await createCamera(a, token, { name: 'Lobby' });
    const before = await ingest(a, camera, { event_type: 'motion_detected' });
    const held = track(http<EventsPage>(b, 'GET', `/api/events?after=${before.id}&wait=20`, { token }));
    await heldFor(300);
    expect(held.settled()).toBe(false);
    const started = performance.now();
    const stored = await ingest(a, camera, { event_type: 'face_unknown' });
    const res = await held.promise;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res.body).toEqual({ items: [stored], next_after: stored.id });
  });
});
