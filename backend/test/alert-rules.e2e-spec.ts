import type { AlertRule, ApiError, PublicUser } from '@argus/shared';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

const test = base
  .override('cameraBody', { name: 'Lobby' })
  .extend('viewerUser', { scope: 'file' }, async ({ t, viewer }) => {
    return (await http<PublicUser>(t, 'GET', '/api/auth/me', { token: viewer })).body;
  })
  .extend('create', { scope: 'file' }, ({ t, admin }) => {
    return (body: unknown) => http<AlertRule & ApiError>(t, 'POST', '/api/alert-rules', { token: admin, body });
  })
  .extend('patch', { scope: 'file' }, ({ t, admin }) => {
    return (id: number | string, body: unknown) =>
      http<AlertRule & ApiError>(t, 'PATCH', `/api/alert-rules/${id}`, { token: admin, body });
  })
  .extend('list', { scope: 'file' }, ({ t, admin }) => {
    return async () => (await http<AlertRule[]>(t, 'GET', '/api/alert-rules', { token: admin })).body;
  });
const it = test;

describe('alert rules', () => {
  it('starts with the default rules: unknown faces warn everyone, offline cameras are critical for admins', async ({
    t,
    admin,
  }) => {
    const res = await http<AlertRule[]>(t, 'GET', '/api/alert-rules', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: expect.any(Number) as number,
        event_type: 'face_unknown',
        camera_id: null,
        severity: 'warning',
        user_id: null,
        role: null,
        min_confidence: null,
        cooldown_seconds: 0,
        schedule: null,
      },
      {
        id: expect.any(Number) as number,
        event_type: 'camera_offline',
        camera_id: null,
        severity: 'critical',
        user_id: null,
        role: 'admin',
        min_confidence: null,
        cooldown_seconds: 0,
        schedule: null,
      },
    ]);
  });

  it('creates a rule (201) and lists it', async ({ viewerUser, camera, create, list }) => {
    const res = await create({
      event_type: 'motion_detected',
      camera_id: camera.id,
      severity: 'info',
      user_id: viewerUser.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number) as number,
      event_type: 'motion_detected',
      camera_id: camera.id,
      severity: 'info',
      user_id: viewerUser.id,
      role: null,
      min_confidence: null,
      cooldown_seconds: 0,
      schedule: null,
    });
    expect(await list()).toContainEqual(res.body);
  });

  it('creates a rule for everyone when camera_id, user_id and role are null or absent', async ({ create }) => {
    const res = await create({ event_type: 'recording_started', severity: 'info', camera_id: null, user_id: null });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ camera_id: null, user_id: null, role: null });
  });

  it('rejects bad fields with 400 naming the field', async ({ viewerUser, create, list }) => {
    const cases: Array<[unknown, string]> = [
      [{ severity: 'info' }, 'event_type'],
      [{ event_type: 'explosion', severity: 'info' }, 'event_type'],
      [{ event_type: 'face_unknown' }, 'severity'],
      [{ event_type: 'face_unknown', severity: 'urgent' }, 'severity'],
      [{ event_type: 'face_unknown', severity: 'info', camera_id: 'x' }, 'camera_id'],
      [{ event_type: 'face_unknown', severity: 'info', camera_id: 0 }, 'camera_id'],
      [{ event_type: 'face_unknown', severity: 'info', camera_id: 99999 }, 'camera_id'],
      [{ event_type: 'face_unknown', severity: 'info', user_id: 1.5 }, 'user_id'],
      [{ event_type: 'face_unknown', severity: 'info', user_id: 99999 }, 'user_id'],
      [{ event_type: 'face_unknown', severity: 'info', role: 'owner' }, 'role'],
      [{ event_type: 'face_unknown', severity: 'info', user_id: viewerUser.id, role: 'viewer' }, 'role'],
      [{ event_type: 'face_unknown', severity: 'info', colour: 'red' }, 'colour'],
    ];
    const before = await list();
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.message), JSON.stringify(body)).toContain(field);
    }
    expect(await list()).toEqual(before);
  });

  it('patches only the given fields', async ({ viewerUser, camera, create, patch, list }) => {
    const rule = (await create({ event_type: 'face_recognized', severity: 'info', role: 'viewer' })).body;
    const res = await patch(rule.id, { severity: 'critical', camera_id: camera.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...rule, severity: 'critical', camera_id: camera.id });
    // Switching the audience from a role to one user needs the role cleared in the same patch.
    expect((await patch(rule.id, { user_id: viewerUser.id })).status).toBe(400);
    const switched = await patch(rule.id, { user_id: viewerUser.id, role: null, camera_id: null });
    expect(switched.status).toBe(200);
    expect(switched.body).toEqual({
      ...rule,
      severity: 'critical',
      user_id: viewerUser.id,
      role: null,
      camera_id: null,
    });
    expect(await list()).toContainEqual(switched.body);
  });

  it('rejects a patch that clears a required field or names a missing camera', async ({ create, patch, list }) => {
    const rule = (await create({ event_type: 'camera_online', severity: 'info' })).body;
    for (const [body, field] of [
      [{ event_type: null }, 'event_type'],
      [{ severity: null }, 'severity'],
      [{ severity: 'loud' }, 'severity'],
      [{ camera_id: 424242 }, 'camera_id'],
    ] as const) {
      const res = await patch(rule.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    expect(await list()).toContainEqual(rule);
  });

  it('deletes with 204, then 404', async ({ t, admin, create, list }) => {
    const rule = (await create({ event_type: 'recording_stopped', severity: 'info' })).body;
    expect((await http(t, 'DELETE', `/api/alert-rules/${rule.id}`, { token: admin })).status).toBe(204);
    expect((await list()).some((r) => r.id === rule.id)).toBe(false);
    expect((await http(t, 'DELETE', `/api/alert-rules/${rule.id}`, { token: admin })).status).toBe(404);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async ({ t, admin, patch }) => {
    expect((await patch(999999, { severity: 'info' })).status).toBe(404);
    expect((await http(t, 'DELETE', '/api/alert-rules/999999', { token: admin })).status).toBe(404);
    expect((await patch('abc', { severity: 'info' })).status).toBe(400);
    expect((await http(t, 'DELETE', '/api/alert-rules/99999999999', { token: admin })).status).toBe(400);
  });

  it('is admin only: 403 for viewers, 401 without a token', async ({ t, viewer, list }) => {
    const rule = (await list())[0];
    const calls: Array<[string, string, unknown]> = [
      ['GET', '/api/alert-rules', undefined],
      ['POST', '/api/alert-rules', { event_type: 'face_unknown', severity: 'info' }],
      ['PATCH', `/api/alert-rules/${rule.id}`, { severity: 'info' }],
      ['DELETE', `/api/alert-rules/${rule.id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      expect((await http(t, method, path, { token: viewer, body })).status, `${method} ${path}`).toBe(403);
      expect((await http(t, method, path, { body })).status, `${method} ${path}`).toBe(401);
    }
    expect(await list()).toContainEqual(rule);
  });
});
