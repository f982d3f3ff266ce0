import { randomUUID } from 'node:crypto';
import type { Alert, CameraEvent, TokenResponse, WsStatus } from '@argus/shared';
import { createCamera, ingest } from './support/domain';
import { createUser, PASSWORD } from './support/realtime-fixtures';
import { test as base } from './support/fixtures';
import type { WsClient } from './support/ws-client';
import { http, login } from './support/test-app';

const REDIS_URL = process.env.REDIS_URL;

// Two instances on one database and one Redis (REDIS_URL): the fan-out and the per-user cap
// span instances. CI sets REDIS_URL (see .ci/run).
// Same data directory, database and Redis prefix: two instances of one deployment.
const test = base
  .override('bootApp', false)
  .extend('instances', { scope: 'file' }, async ({ apps }) => {
    return apps.twoInstances({
      env: { REDIS_URL: REDIS_URL!, REDIS_PREFIX: `argus-test-${randomUUID()}:`, STATS_INTERVAL_MS: '500' },
    });
  })
  .extend('a', { scope: 'file' }, ({ instances }) => instances[0])
  .extend('b', { scope: 'file' }, ({ instances }) => instances[1])
  .override('admin', { scope: 'file' }, async ({ a }) => login(a));
const it = test;

describe.skipIf(!REDIS_URL)('several instances through Redis', () => {
  it('delivers an event ingested on one instance to sockets on both, within 1 s', async ({ a, b, admin, sockets }) => {
    const onA = await sockets.accepted(a, { token: admin });
    const onB = await sockets.accepted(b, { token: admin });
    const camera = await createCamera(a, admin, { name: 'Gate', location: 'Street' });
    const started = performance.now();
    const stored: CameraEvent = await ingest(a, camera, { event_type: 'motion_detected' });
    const [atA, atB] = await Promise.all([onA.next('camera_event', 1000), onB.next('camera_event', 1000)]);
    expect(performance.now() - started).toBeLessThan(1000 + 200);
    expect(atA.id).toBe(stored.id);
    expect(atB.id).toBe(stored.id);
    expect(atB.camera_name).toBe('Gate');
  }, 20_000);

  it('sends alert_updated for an ack on one instance to the audience’s sockets on the other', async ({
    a,
    b,
    admin,
    sockets,
  }) => {
    const { user, token } = await createUser(a, admin, 'acker');
    const onB = await sockets.accepted(b, { token });
    const adminOnB = await sockets.accepted(b, { token: admin });
    const camera = await createCamera(a, admin, { name: 'Back door' });
    await ingest(a, camera, { event_type: 'face_unknown' });
    const raised = await onB.next('alert', 3000);
    await adminOnB.next('alert', 3000);
    const ack = await http<Alert>(a, 'POST', `/api/alerts/${raised.id}/ack`, { token });
    expect(ack.status).toBe(200);
    const expected = {
      type: 'alert_updated',
      timestamp: expect.any(String) as string,
      id: raised.id,
      acknowledged_at: ack.body.acknowledged_at,
      acknowledged_by: { id: user.id, username: 'acker' },
    };
    // face_unknown warns everyone: the admin is in the audience too.
    expect(await onB.next('alert_updated', 3000)).toEqual(expected);
    expect(await adminOnB.next('alert_updated', 3000)).toEqual(expected);
  }, 20_000);

  it('counts the five-socket cap across instances: the sixth, on either instance, is closed 4008', async ({
    a,
    b,
    admin,
    sockets,
  }) => {
    const { user, token } = await createUser(a, admin, 'spread');
    const five: WsClient[] = [];
    for (let i = 0; i < 3; i += 1) five.push(await sockets.accepted(a, { token }));
    for (let i = 0; i < 2; i += 1) five.push(await sockets.accepted(b, { token }));
    const sixth = sockets.connect(b, { token });
    const closed = await sixth.closed(5000);
    expect(closed).toEqual({ code: 4008, reason: 'Connection limit exceeded (5 per user)' });

    const status = await http<WsStatus>(a, 'GET', '/api/ws/status', { token: admin });
    expect(status.body.connections_by_user?.[String(user.id)]).toBe(5);
    const own = await http<WsStatus>(b, 'GET', '/api/ws/status', { token });
    expect(own.body.user_connections).toBe(5);

    // A slot freed on one instance can be taken on the other.
    const first = five[0];
    first.ws.close(1000);
    await first.closed(5000);
    const again = await sockets.accepted(b, { token });
    expect(again.all('connection_status')).toHaveLength(1);
    expect(again.isClosed).toBe(false);
  }, 30_000);

  it('ends a changed password’s older tokens on every instance: sockets on both closed 4001', async ({
    a,
    b,
    admin,
    sockets,
  }) => {
    const { user, token } = await createUser(a, admin, 'rotator');
    const onA = await sockets.accepted(a, { token });
    const onB = await sockets.accepted(b, { token });
    const res = await http<TokenResponse>(b, 'POST', '/api/auth/password', {
      token,
      body: { current_password: PASSWORD, new_password: 'rotated-password-1' },
    });
    expect(res.status).toBe(200);
    const revoked = { code: 4001, reason: 'Token revoked by a password change' };
    expect(await Promise.all([onA.closed(3000), onB.closed(3000)])).toEqual([revoked, revoked]);
    // The fresh token opens a socket on the other instance; the old one no longer does.
    const renewed = await sockets.accepted(a, { token: res.body.access_token });
    expect(renewed.all('connection_status')[0].user.id).toBe(user.id);
    expect(await sockets.connect(a, { token }).closed(3000)).toEqual(revoked);
  }, 20_000);

  it('routes alerts by a role changed on another instance, at once', async ({ a, b, admin, sockets }) => {
    const { user, token } = await createUser(a, admin, 'demoted-elsewhere', 'admin');
    const onB = await sockets.accepted(b, { token });
    const res = await http(a, 'PATCH', `/api/users/${user.id}`, { token: admin, body: { role: 'viewer' } });
    expect(res.status).toBe(200);
    const camera = await createCamera(a, admin, { name: 'Dock', location: 'Rear' });
    // camera_offline alerts go to admins only; face_unknown to everyone (default rules).
    const offline = await ingest(a, camera, { event_type: 'camera_offline' });
    const unknown = await ingest(a, camera, { event_type: 'face_unknown' });
    expect((await onB.next('alert', 3000)).event_id).toBe(unknown.id);
    expect(onB.all('camera_event').map((e) => e.id)).toEqual([offline.id, unknown.id]);
    expect(onB.all('alert').map((m) => m.event_id)).toEqual([unknown.id]);
  }, 20_000);

  it('closes a disabled user’s sockets on every instance with 4003', async ({ a, b, admin, sockets }) => {
    const { user, token } = await createUser(a, admin, 'revoked');
    const onA = await sockets.accepted(a, { token });
    const onB = await sockets.accepted(b, { token });
    const res = await http(b, 'PATCH', `/api/users/${user.id}`, { token: admin, body: { disabled: true } });
    expect(res.status).toBe(200);
    const [closedA, closedB] = await Promise.all([onA.closed(3000), onB.closed(3000)]);
    expect(closedA.code).toBe(4003);
    expect(closedB.code).toBe(4003);
  }, 20_000);
});
