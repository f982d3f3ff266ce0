import { CloseCode } from '@argus/shared';
import { createCamera, ingest, viewerToken } from './support/domain';
import { parseExposition, type Exposition } from './support/prometheus';
import { http, login, startTestApp, type TestApp } from './support/test-app';
import { connect, connectAccepted } from './support/ws-client';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

async function scrape(t: TestApp, token = METRICS_TOKEN): Promise<Exposition> {
  const res = await fetch(`${t.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await res.text());
}

async function until(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Contract §12: GET /api/metrics in Prometheus text format, protected, counting real traffic.
describe('GET /api/metrics', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 without a credential or with a wrong token, 403 to a viewer, 200 to an admin or METRICS_TOKEN', async () => {
    expect((await http(t, 'GET', '/api/metrics')).status).toBe(401);
    expect((await http(t, 'GET', '/api/metrics', { token: `${METRICS_TOKEN}x` })).status).toBe(401);
    expect(
      (await http(t, 'GET', '/api/metrics', { headers: { authorization: `Basic ${METRICS_TOKEN}` } })).status,
    ).toBe(401);
    const viewer = await viewerToken(t, admin, 'metrics-viewer');
    expect((await http(t, 'GET', '/api/metrics', { token: viewer })).status).toBe(403);
    await scrape(t, admin);
    await scrape(t);
  });

  it('lists every metric of the contract with its type, and the process metrics', async () => {
    const metrics = await scrape(t);
    const expected: Record<string, string> = {
      argus_ws_connections: 'gauge',
      argus_ws_handshakes_total: 'counter',
      argus_ws_refusals_total: 'counter',
      argus_ws_messages_sent_total: 'counter',
      argus_ws_slow_reader_cutoffs_total: 'counter',
      argus_events_ingested_total: 'counter',
      argus_event_delivery_seconds: 'histogram',
      argus_alerts_raised_total: 'counter',
      argus_notifications_total: 'counter',
      argus_polls_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
      nodejs_heap_size_used_bytes: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) expect([name, metrics.types.get(name)]).toEqual([name, type]);
  });

  it('counts sockets, handshakes, refusals, ingests, deliveries, alerts, messages and polls as they happen', async () => {
    const before = await scrape(t);
    const camera = await createCamera(t, admin, { name: 'Metrics door' });

    const accepted = await connectAccepted(t, { token: admin });
    const forged = connect(t, { token: `${admin.slice(0, -4)}AAAA` });
    expect((await forged.closed()).code).toBe(CloseCode.UNAUTHORIZED);
    const foreign = connect(t, { token: admin, headers: { origin: 'https://evil.example.com' } });
    await expect(foreign.opened).rejects.toThrow('HTTP 403');

    let metrics = await scrape(t);
    expect(metrics.value('argus_ws_connections')).toBe(before.value('argus_ws_connections') + 1);
    const delta = (name: string, labels?: Record<string, string>): number =>
      metrics.value(name, labels) - before.value(name, labels);
    expect(delta('argus_ws_handshakes_total', { result: 'accepted' })).toBe(1);
    expect(delta('argus_ws_handshakes_total', { result: 'refused' })).toBe(2);
    expect(delta('argus_ws_refusals_total', { code: '4001' })).toBe(1);
    expect(delta('argus_ws_refusals_total', { code: '403' })).toBe(1);

    // An unknown face raises the default warning alert for everyone (contract §10).
    const event = await ingest(t, camera, { event_type: 'face_unknown', confidence: 0.5 });
    const message = await accepted.next('camera_event');
    expect(message.id).toBe(event.id);
    await accepted.next('alert');
    await http(t, 'GET', '/api/events?after=0', { token: admin });
    await http(t, 'GET', '/api/alerts', { token: admin });
    await http(t, 'GET', '/api/faces/statistics', { token: admin });

    metrics = await scrape(t);
    expect(delta('argus_events_ingested_total', { source: 'api' })).toBe(1);
    expect(delta('argus_alerts_raised_total', { severity: 'warning' })).toBe(1);
    expect(delta('argus_event_delivery_seconds_count')).toBe(1);
    expect(delta('argus_event_delivery_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(delta('argus_event_delivery_seconds_sum')).toBeGreaterThan(0);
    expect(delta('argus_event_delivery_seconds_sum')).toBeLessThan(5);
    // connection_status, statistics, camera_event, alert at least.
    expect(delta('argus_ws_messages_sent_total')).toBeGreaterThanOrEqual(4);
    expect(delta('argus_ws_messages_sent_total')).toBe(accepted.messages.length);
    for (const kind of ['events', 'alerts', 'statistics']) expect(delta('argus_polls_total', { kind })).toBe(1);
    expect(delta('argus_ws_slow_reader_cutoffs_total')).toBe(0);

    accepted.close();
    await accepted.closed();
    await until(async () => (await scrape(t)).value('argus_ws_connections') === before.value('argus_ws_connections'));
  });
});

describe('METRICS_ENABLED=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_ENABLED: 'off', METRICS_TOKEN } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 and the app works without counting', async () => {
    const admin = await login(t);
    expect((await http(t, 'GET', '/api/metrics', { token: METRICS_TOKEN })).status).toBe(404);
    const accepted = await connectAccepted(t, { token: admin });
    const camera = await createCamera(t, admin, { name: 'Uncounted' });
    await ingest(t, camera, { event_type: 'motion_detected' });
    await accepted.next('camera_event');
    accepted.close();
  });
});
