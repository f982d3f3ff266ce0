import { randomUUID } from 'node:crypto';
import type { ApiError, HealthResponse } from '@argus/shared';
import { createCamera } from './support/domain';
import { waitFor } from './support/frigate';
import { OwnRedis } from './support/own-redis';
import { ADMIN, discardTestData, http, login, startTestApp, type TestApp } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL;

/** GET /api/auth/me as the client `forwardedFor` (behind TRUST_PROXY=1); answers status and Retry-After. */
async function call(t: TestApp, forwardedFor = '198.51.100.1', path = '/api/auth/me') {
  const res = await http<ApiError>(t, 'GET', path, { headers: { 'x-forwarded-for': forwardedFor } });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: res.body };
}

// Contract §12: a per-client REST limit (RATE_LIMIT_PER_MINUTE, per source address as
// TRUST_PROXY resolves it, every /api route but health and metrics), per camera key on ingest,
// and the login throttle, shared through Redis when REDIS_URL is set; 429 with Retry-After.
describe('rate limits in memory (no REDIS_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_PER_MINUTE: '5',
        INGEST_RATE_LIMIT_PER_MINUTE: '3',
        TRUST_PROXY: '1',
        METRICS_TOKEN: 'metrics-token-0123456789',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the 6th request of a minute from one client 429 with Retry-After, other clients unaffected', async () => {
    // Refused requests (401 here) count too: the limit is on requests, not on successes.
    for (let i = 0; i < 5; i++) expect((await call(t, '198.51.100.1')).status).toBe(401);
    const limited = await call(t, '198.51.100.1');
    expect(limited.status).toBe(429);
    // The minute began with the first of these requests, a moment ago.
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(50);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect((await call(t, '198.51.100.2')).status).toBe(401);
    // Health and metrics are never limited.
    expect((await call(t, '198.51.100.1', '/api/health')).status).toBe(200);
    const metrics = await http(t, 'GET', '/api/metrics', {
      headers: { 'x-forwarded-for': '198.51.100.1', authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(metrics.status).toBe(200);
  });

  it('keys an IPv6 client by its /64', async () => {
    for (let i = 1; i <= 5; i++) expect((await call(t, `2001:db8:7:1::${i}`)).status).toBe(401);
    expect((await call(t, '2001:db8:7:1:ffff::9')).status).toBe(429);
    expect((await call(t, '2001:db8:7:2::1')).status).toBe(401);
  });

  it('holds one camera key to INGEST_RATE_LIMIT_PER_MINUTE, with Retry-After', async () => {
    // The admin's calls come from another address each, so the REST limit stays out of the way.
    const admin = await http<{ access_token: string }>(t, 'POST', '/api/auth/login', {
      body: ADMIN,
      headers: { 'x-forwarded-for': '203.0.113.1' },
    });
    const token = admin.body.access_token;
    const camera = await http<{ id: number; ingest_key: string }>(t, 'POST', '/api/cameras', {
      token,
      body: { name: 'Busy door' },
      headers: { 'x-forwarded-for': '203.0.113.2' },
    });
    const ingest = (n: number) =>
      http<ApiError>(t, 'POST', `/api/cameras/${camera.body.id}/events`, {
        body: { event_type: 'motion_detected' },
        headers: { 'x-camera-key': camera.body.ingest_key, 'x-forwarded-for': `203.0.113.${10 + n}` },
      });
    for (let i = 0; i < 3; i++) expect((await ingest(i)).status).toBe(201);
    const limited = await ingest(3);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.message).toMatch(/camera key/);
  });
});

describe.skipIf(!REDIS_URL)('rate limits across two instances sharing Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({
      env: {
        REDIS_URL: REDIS_URL!,
        REDIS_PREFIX: `argus-test-${randomUUID()}:`,
        RATE_LIMIT_PER_MINUTE: '6',
        LOGIN_MAX_FAILURES: '3',
        TRUST_PROXY: '1',
      },
      keepData: true,
    });
    b = await startTestApp({ reuse: a, keepData: true });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (a) await discardTestData(a);
  });

  it('counts one client on both instances against one REST limit', async () => {
    for (let i = 0; i < 3; i++) expect((await call(a, '198.51.100.50')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await call(b, '198.51.100.50')).status).toBe(401);
    const limited = await call(a, '198.51.100.50');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await call(b, '198.51.100.51')).status).toBe(401);
  });

  it('throttles failed logins for one username across instances', async () => {
    const fail = (t: TestApp, ip: string) =>
      http<ApiError>(t, 'POST', '/api/auth/login', {
        body: { username: ADMIN.username, password: 'wrong-password-1' },
        headers: { 'x-forwarded-for': ip },
      });
    expect((await fail(a, '198.51.100.60')).status).toBe(401);
    expect((await fail(b, '198.51.100.61')).status).toBe(401);
    expect((await fail(a, '198.51.100.62')).status).toBe(401);
    const throttled = await fail(b, '198.51.100.63');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(800);
    // The right password is throttled too, until the window passes: no guessing around it.
    const right = await http(a, 'POST', '/api/auth/login', {
      body: ADMIN,
      headers: { 'x-forwarded-for': '198.51.100.64' },
    });
    expect(right.status).toBe(429);
  });

  it('reports redis up in health', async () => {
    const health = await http<HealthResponse>(a, 'GET', '/api/health');
    expect(health.body).toMatchObject({ status: 'ok', db: 'up', redis: 'up' });
  });
});

describe('when Redis goes away', () => {
  let redis: OwnRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startTestApp({ env: { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('reports degraded (still 200) and keeps serving, limits counting in memory meanwhile', async () => {
    expect((await http<HealthResponse>(t, 'GET', '/api/health')).body).toMatchObject({ status: 'ok', redis: 'up' });
    await redis.stop();
    await waitFor(
      async () => ((await http<HealthResponse>(t, 'GET', '/api/health')).body.redis === 'down' ? true : undefined),
      5000,
      'health to report redis down',
    );
    const health = await http<HealthResponse>(t, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', db: 'up', redis: 'down' });
    const token = await login(t);
    expect((await http(t, 'GET', '/api/auth/me', { token })).status).toBe(200);
    expect((await createCamera(t, token, { name: 'Still works' })).id).toBeGreaterThan(0);
  });
});
