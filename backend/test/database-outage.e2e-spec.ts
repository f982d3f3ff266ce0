import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ApiError, CreatedCamera, HealthResponse } from '@argus/shared';
import { createCamera } from './support/domain';
import { TcpProxy } from './support/tcp-proxy';
import { http, login, startTestApp, type TestApp } from './support/test-app';
import { closeAll, connectAccepted, type WsClient } from './support/ws-client';

const usePostgres = process.env.ARGUS_TEST_DB === 'postgres';

/** DB_QUERY_TIMEOUT_MS (10 s) plus room for a loaded machine. */
const ANSWER_BOUND_MS = 13_000;

// Issue 8 item 5: with the database blackholed, requests hung with no answer for 10 s+,
// ingest answered 500, and sockets were not told. Through a proxy the test can blackhole.
describe.skipIf(!usePostgres)('the database unreachable (blackholed)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let admin: string;
  let camera: CreatedCamera;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    const real = new URL(process.env.DATABASE_URL ?? '');
    proxy = await TcpProxy.start(real.hostname, Number(real.port || 5432));
    const schema = `argus_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    await pg.query(`CREATE SCHEMA ${schema}`);
    await pg.end();
    const viaProxy = new URL(real);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    t = await startTestApp({ env: { DATABASE_URL: viaProxy.toString(), DATABASE_SCHEMA: schema } });
    admin = await login(t);
    camera = await createCamera(t, admin, { name: 'Cellar' });
  });
  afterAll(async () => {
    await closeAll(clients);
    proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  it('answers 503 within the timeout, ingest included, tells open sockets, and recovers', async () => {
    const socket = await connectAccepted(t, { token: admin });
    clients.push(socket);
    await socket.next('statistics_update', 5000); // started: the snapshot was read
    proxy.blackhole();
    const started = performance.now();
    const timed = async <T>(request: Promise<T>) => {
      const answer = await request;
      return { answer, ms: performance.now() - started };
    };
    const [list, stored, health, told] = await Promise.all([
      timed(http<ApiError>(t, 'GET', '/api/cameras', { token: admin })),
      timed(
        http<ApiError>(t, 'POST', `/api/cameras/${camera.id}/events`, {
          headers: { 'x-camera-key': camera.ingest_key },
          body: { event_type: 'motion_detected' },
        }),
      ),
      timed(http<HealthResponse>(t, 'GET', '/api/health')),
      timed(socket.next('service_status', ANSWER_BOUND_MS)),
    ]);
    console.log(
      `database outage figures: ${JSON.stringify({ rest_503_ms: Math.round(list.ms), ingest_503_ms: Math.round(stored.ms), health_503_ms: Math.round(health.ms), socket_told_ms: Math.round(told.ms) })}`,
    );
    expect(list.answer.status).toBe(503);
    expect(list.answer.headers.get('retry-after')).toBe('5');
    expect(list.ms).toBeLessThan(ANSWER_BOUND_MS);
    expect(stored.answer.status).toBe(503);
    expect(stored.answer.body.message).toBe('database unavailable, try again shortly');
    expect(stored.ms).toBeLessThan(ANSWER_BOUND_MS);
    expect(health.answer.status).toBe(503);
    expect(health.ms).toBeLessThan(3000);
    expect(told.answer).toMatchObject({ type: 'service_status', database: 'down' });
    expect(socket.isClosed).toBe(false);

    proxy.restore();
    expect(await socket.next('service_status', 5000)).toMatchObject({ type: 'service_status', database: 'up' });
    const res = await http<{ id: number }>(t, 'POST', `/api/cameras/${camera.id}/events`, {
      headers: { 'x-camera-key': camera.ingest_key },
      body: { event_type: 'motion_detected' },
    });
    expect(res.status).toBe(201);
    expect((await socket.next('camera_event', 2000)).id).toBe(res.body.id);
  }, 60_000);
});
