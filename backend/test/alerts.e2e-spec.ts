import type { Alert, AlertRule, ApiError, CreatedCamera, IngestEventRequest, PublicUser } from '@argus/shared';
import { createCamera, ingest, viewerToken } from './support/domain';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const test = base
  .extend('other', { scope: 'file' }, async ({ t, admin }) => viewerToken(t, admin, 'viewer2'))
  .extend('viewerUser', { scope: 'file' }, async ({ t, viewer }) => {
    return (await http<PublicUser>(t, 'GET', '/api/auth/me', { token: viewer })).body;
  })
  .extend('frontDoor', { scope: 'file' }, async ({ t, admin }) => {
    return createCamera(t, admin, { name: 'Front door', location: 'Entrance' });
  })
  .extend('garage', { scope: 'file' }, async ({ t, admin }) => createCamera(t, admin, { name: 'Garage' }))
  /** Ingests as admin over REST, the path a camera integration uses. */
  .extend('ingest', { scope: 'file' }, ({ t, admin }) => {
    return (camera: CreatedCamera, body: IngestEventRequest) => ingest(t, camera, body, { token: admin });
  })
  .extend('alertsOf', { scope: 'file' }, ({ t }) => {
    return async (token: string, query = ''): Promise<Alert[]> => {
      const res = await http<Alert[]>(t, 'GET', `/api/alerts${query}`, { token });
      expect(res.status).toBe(200);
      return res.body;
    };
  })
  .extend('createRule', { scope: 'file' }, ({ t, admin }) => {
    return async (body: Record<string, unknown>): Promise<AlertRule> => {
      const res = await http<AlertRule>(t, 'POST', '/api/alert-rules', { token: admin, body });
      expect(res.status).toBe(201);
      return res.body;
    };
  });
const it = test;

describe('alerts', () => {
  it('raises an unknown-face alert for everyone: admins and viewers see it', async ({
    admin,
    viewer,
    other,
    frontDoor,
    ingest,
    alertsOf,
  }) => {
    const event = await ingest(frontDoor, { event_type: 'face_unknown', confidence: 0.62 });
    const expected = {
      id: expect.any(Number) as number,
      event_id: event.id,
      rule_id: expect.any(Number) as number,
      camera_id: frontDoor.id,
      camera_name: 'Front door',
      event_type: 'face_unknown',
      severity: 'warning',
      message: 'Unknown face at Front door (confidence 0.62)',
      created_at: expect.stringMatching(ISO) as string,
      status: 'open',
      acknowledged_at: null,
      acknowledged_by: null,
    };
    for (const token of [admin, viewer, other]) {
      const alerts = await alertsOf(token);
      expect(alerts.filter((a) => a.event_id === event.id)).toEqual([expected]);
    }
  });

  it('raises a camera-offline alert for admins only', async ({ admin, viewer, garage, ingest, alertsOf }) => {
    const event = await ingest(garage, { event_type: 'camera_offline' });
    const adminAlerts = (await alertsOf(admin)).filter((a) => a.event_id === event.id);
    expect(adminAlerts).toHaveLength(1);
    expect(adminAlerts[0]).toMatchObject({ severity: 'critical', message: 'Camera Garage went offline' });
    expect((await alertsOf(viewer)).some((a) => a.event_id === event.id)).toBe(false);
    expect((await alertsOf(viewer, '?status=all')).some((a) => a.event_id === event.id)).toBe(false);
  });

  it('raises nothing for events no rule matches', async ({ admin, frontDoor, ingest, alertsOf }) => {
    const event = await ingest(frontDoor, { event_type: 'recording_started' });
    expect((await alertsOf(admin, '?status=all')).some((a) => a.event_id === event.id)).toBe(false);
  });

  it('targets only the named user when a rule has user_id', async ({
    admin,
    viewer,
    other,
    viewerUser,
    frontDoor,
    ingest,
    alertsOf,
    createRule,
  }) => {
    await createRule({ event_type: 'motion_detected', severity: 'info', user_id: viewerUser.id });
    const event = await ingest(frontDoor, { event_type: 'motion_detected' });
    const mine = (await alertsOf(viewer)).filter((a) => a.event_id === event.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ severity: 'info', message: 'Motion detected at Front door' });
    expect((await alertsOf(other)).some((a) => a.event_id === event.id)).toBe(false);
    expect((await alertsOf(admin)).some((a) => a.event_id === event.id)).toBe(false);
  });

  it('targets every holder of a role when a rule has role', async ({
    admin,
    viewer,
    other,
    garage,
    ingest,
    alertsOf,
    createRule,
  }) => {
    await createRule({ event_type: 'camera_online', severity: 'info', role: 'viewer' });
    const event = await ingest(garage, { event_type: 'camera_online' });
    expect((await alertsOf(viewer)).filter((a) => a.event_id === event.id)).toHaveLength(1);
    expect((await alertsOf(other)).filter((a) => a.event_id === event.id)).toHaveLength(1);
    expect((await alertsOf(admin)).some((a) => a.event_id === event.id)).toBe(false);
  });

  it('applies a camera-specific rule to that camera only', async ({
    viewer,
    frontDoor,
    garage,
    ingest,
    alertsOf,
    createRule,
  }) => {
    await createRule({ event_type: 'face_recognized', severity: 'info', camera_id: garage.id });
    const elsewhere = await ingest(frontDoor, { event_type: 'face_recognized', person_name: 'Ann', confidence: 0.9 });
    const there = await ingest(garage, { event_type: 'face_recognized', person_name: 'Ann', confidence: 0.91 });
    const alerts = await alertsOf(viewer);
    expect(alerts.some((a) => a.event_id === elsewhere.id)).toBe(false);
    expect(alerts.filter((a) => a.event_id === there.id).map((a) => a.message)).toEqual([
      'Ann recognized at Garage (confidence 0.91)',
    ]);
  });

  it('acknowledges for everyone in the audience, records who and when, and stays idempotent', async ({
    t,
    admin,
    viewer,
    other,
    viewerUser,
    frontDoor,
    ingest,
    alertsOf,
  }) => {
    const event = await ingest(frontDoor, { event_type: 'face_unknown', confidence: 0.4 });
    const alert = (await alertsOf(viewer)).find((a) => a.event_id === event.id);
    expect(alert).toBeDefined();

    const first = await http<Alert>(t, 'POST', `/api/alerts/${alert!.id}/ack`, { token: viewer });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: alert!.id,
      status: 'acknowledged',
      acknowledged_by: { id: viewerUser.id, username: 'viewer1' },
    });
    expect(first.body.acknowledged_at).toMatch(ISO);
    expect(Math.abs(Date.parse(first.body.acknowledged_at!) - Date.now())).toBeLessThan(60_000);

    // A second ack, by someone else, answers the first one's who and when.
    const second = await http<Alert>(t, 'POST', `/api/alerts/${alert!.id}/ack`, { token: admin });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    // Shared: it is no longer open for anyone, and `all` still shows it acknowledged.
    for (const token of [admin, viewer, other]) {
      expect((await alertsOf(token)).some((a) => a.id === alert!.id)).toBe(false);
      expect((await alertsOf(token, '?status=all')).find((a) => a.id === alert!.id)).toEqual(first.body);
    }
  });

  it('answers 404 to an ack outside the caller’s audience, and leaves the alert open', async ({
    t,
    admin,
    viewer,
    garage,
    ingest,
    alertsOf,
  }) => {
    const event = await ingest(garage, { event_type: 'camera_offline' });
    const alert = (await alertsOf(admin)).find((a) => a.event_id === event.id);
    expect(alert).toBeDefined();
    const res = await http<ApiError>(t, 'POST', `/api/alerts/${alert!.id}/ack`, { token: viewer });
    expect(res.status).toBe(404);
    expect((await alertsOf(admin)).find((a) => a.id === alert!.id)?.status).toBe('open');
  });

  it('answers 404 for an unknown alert, 400 for a bad id, 401 without a token', async ({ t, admin }) => {
    expect((await http(t, 'POST', '/api/alerts/999999/ack', { token: admin })).status).toBe(404);
    const bad = await http<ApiError>(t, 'POST', '/api/alerts/abc/ack', { token: admin });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('id');
    expect((await http(t, 'GET', '/api/alerts')).status).toBe(401);
    expect((await http(t, 'POST', '/api/alerts/1/ack')).status).toBe(401);
  });

  it('lists newest first, open by default, with status=all and a limit', async ({ admin, alertsOf }) => {
    const open = await alertsOf(admin);
    const all = await alertsOf(admin, '?status=all');
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((a) => a.status === 'open')).toBe(true);
    expect(all.some((a) => a.status === 'acknowledged')).toBe(true);
    expect(all.length).toBeGreaterThan(open.length);
    expect(await alertsOf(admin, '?status=open')).toEqual(open);
    const ids = all.map((a) => a.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await alertsOf(admin, '?status=all&limit=2')).toEqual(all.slice(0, 2));
  });

  it('rejects a bad status or limit with 400 naming the field', async ({ t, admin }) => {
    for (const [query, field] of [
      ['?status=closed', 'status'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=abc', 'limit'],
      ['?page=2', 'page'],
    ] as const) {
      const res = await http<ApiError>(t, 'GET', `/api/alerts${query}`, { token: admin });
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
  });

  it('keeps stored alerts when their rule is deleted, and raises no more from it', async ({
    t,
    admin,
    viewer,
    frontDoor,
    ingest,
    alertsOf,
    createRule,
  }) => {
    const rule = await createRule({ event_type: 'recording_stopped', severity: 'info' });
    const before = await ingest(frontDoor, { event_type: 'recording_stopped' });
    expect((await http(t, 'DELETE', `/api/alert-rules/${rule.id}`, { token: admin })).status).toBe(204);
    const after = await ingest(frontDoor, { event_type: 'recording_stopped' });
    const alerts = await alertsOf(viewer);
    expect(alerts.find((a) => a.event_id === before.id)?.rule_id).toBe(rule.id);
    expect(alerts.some((a) => a.event_id === after.id)).toBe(false);
  });
});
