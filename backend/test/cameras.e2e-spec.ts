import type { ApiError, Camera, CreatedCamera, IngestKeyResponse } from '@argus/shared';
import { createCamera } from './support/domain';
import { http } from './support/test-app';
import { it } from './support/fixtures';

describe('cameras', () => {
  describe('POST /api/cameras', () => {
    it('creates an offline, unseen camera and shows its ingest key once', async ({ t, admin }) => {
      const res = await http<CreatedCamera>(t, 'POST', '/api/cameras', {
        token: admin,
        body: { name: '  Front door ', location: 'Lobby' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number) as number,
        name: 'Front door',
        location: 'Lobby',
        status: 'offline',
        enabled: true,
        last_seen_at: null,
        source: 'api',
        snoozed_until: null,
        ingest_key: expect.stringMatching(/^argus_ck_[A-Za-z0-9_-]{43}$/) as string,
      });
      const fetched = await http<Camera>(t, 'GET', `/api/cameras/${res.body.id}`, { token: admin });
      expect(fetched.status).toBe(200);
      expect(fetched.body).not.toHaveProperty('ingest_key');
      expect(fetched.body).not.toHaveProperty('ingest_key_hash');
      expect(fetched.body.name).toBe('Front door');
    });

    it('defaults location to empty and honours enabled: false', async ({ t, admin }) => {
      const res = await http<CreatedCamera>(t, 'POST', '/api/cameras', {
        token: admin,
        body: { name: 'Spare', enabled: false },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ location: '', enabled: false });
    });

    it.for([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 42 }, 'name'],
      [{ name: 'ok', location: 'x'.repeat(201) }, 'location'],
      [{ name: 'ok', enabled: 'yes' }, 'enabled'],
      [{ name: 'ok', status: 'online' }, 'status'],
    ])('refuses %j with 400 naming %s', async ([body, field], { t, admin }) => {
      const res = await http<ApiError>(t, 'POST', '/api/cameras', { token: admin, body });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('needs a token (401) and the admin role (403)', async ({ t, viewer }) => {
      expect((await http(t, 'POST', '/api/cameras', { body: { name: 'x' } })).status).toBe(401);
      expect((await http(t, 'POST', '/api/cameras', { token: viewer, body: { name: 'x' } })).status).toBe(403);
    });
  });

  describe('GET /api/cameras', () => {
    it('lists cameras ordered by id for any user', async ({ t, admin, viewer }) => {
      const a = await createCamera(t, admin, { name: 'List A' });
      const b = await createCamera(t, admin, { name: 'List B' });
      const res = await http<Camera[]>(t, 'GET', '/api/cameras', { token: viewer });
      expect(res.status).toBe(200);
      const ids = res.body.map((camera) => camera.id);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      for (const camera of res.body) {
        expect(Object.keys(camera).sort()).toEqual([
          'enabled',
          'id',
          'last_seen_at',
          'location',
          'name',
          'snoozed_until',
          'source',
          'status',
        ]);
      }
    });

    it('answers 401 without a token', async ({ t }) => {
      expect((await http(t, 'GET', '/api/cameras')).status).toBe(401);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async ({ t, viewer }) => {
      expect((await http(t, 'GET', '/api/cameras/999999', { token: viewer })).status).toBe(404);
      for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) {
        const res = await http<ApiError>(t, 'GET', `/api/cameras/${bad}`, { token: viewer });
        expect(res.status).toBe(400);
        expect(res.body.message).toContain('id');
      }
    });
  });

  describe('PATCH /api/cameras/:id', () => {
    it('changes name, location and enabled', async ({ t, admin, viewer }) => {
      const camera = await createCamera(t, admin, { name: 'Patch me' });
      const res = await http<Camera>(t, 'PATCH', `/api/cameras/${camera.id}`, {
        token: admin,
        body: { name: 'Patched', location: 'Yard', enabled: false },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: camera.id, name: 'Patched', location: 'Yard', enabled: false });
      const fetched = await http<Camera>(t, 'GET', `/api/cameras/${camera.id}`, { token: viewer });
      expect(fetched.body).toMatchObject({ name: 'Patched', location: 'Yard', enabled: false });
    });

    it.for([
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
      [{ location: 'x'.repeat(201) }, 'location'],
      [{ enabled: 1 }, 'enabled'],
      [{ ingest_key_hash: 'x' }, 'ingest_key_hash'],
    ])('refuses %j with 400 naming %s', async ([body, field], { t, admin }) => {
      const camera = await createCamera(t, admin, { name: 'Bad patch' });
      const res = await http<ApiError>(t, 'PATCH', `/api/cameras/${camera.id}`, { token: admin, body });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('answers 404, 401 and 403 as it should', async ({ t, admin, viewer }) => {
      expect((await http(t, 'PATCH', '/api/cameras/999999', { token: admin, body: { name: 'x' } })).status).toBe(404);
      const camera = await createCamera(t, admin, { name: 'Guarded' });
      expect((await http(t, 'PATCH', `/api/cameras/${camera.id}`, { body: { name: 'x' } })).status).toBe(401);
      expect((await http(t, 'PATCH', `/api/cameras/${camera.id}`, { token: viewer, body: { name: 'x' } })).status).toBe(
        403,
      );
    });
  });

  describe('DELETE /api/cameras/:id', () => {
    it('deletes a camera (204) and then answers 404 for it', async ({ t, admin, viewer }) => {
      const camera = await createCamera(t, admin, { name: 'Doomed' });
      expect((await http(t, 'DELETE', `/api/cameras/${camera.id}`, { token: viewer })).status).toBe(403);
      expect((await http(t, 'DELETE', `/api/cameras/${camera.id}`)).status).toBe(401);
      const res = await http(t, 'DELETE', `/api/cameras/${camera.id}`, { token: admin });
      expect(res.status).toBe(204);
      expect((await http(t, 'GET', `/api/cameras/${camera.id}`, { token: admin })).status).toBe(404);
      expect((await http(t, 'DELETE', `/api/cameras/${camera.id}`, { token: admin })).status).toBe(404);
    });
  });

  describe('POST /api/cameras/:id/ingest-key', () => {
    it('rotates the key: the new one works, the old one stops working', async ({ t, admin }) => {
      const camera = await createCamera(t, admin, { name: 'Rotating' });
      const send = (key: string) =>
        http(t, 'POST', `/api/cameras/${camera.id}/events`, {
          headers: { 'x-camera-key': key },
          body: { event_type: 'motion_detected' },
        });
      expect((await send(camera.ingest_key)).status).toBe(201);

      const res = await http<IngestKeyResponse>(t, 'POST', `/api/cameras/${camera.id}/ingest-key`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.ingest_key).toMatch(/^argus_ck_/);
      expect(res.body.ingest_key).not.toBe(camera.ingest_key);

      expect((await send(camera.ingest_key)).status).toBe(401);
      expect((await send(res.body.ingest_key)).status).toBe(201);
    });

    it('answers 404, 401 and 403 as it should', async ({ t, admin, viewer }) => {
      expect((await http(t, 'POST', '/api/cameras/999999/ingest-key', { token: admin })).status).toBe(404);
      const camera = await createCamera(t, admin, { name: 'Key guarded' });
      expect((await http(t, 'POST', `/api/cameras/${camera.id}/ingest-key`)).status).toBe(401);
      expect((await http(t, 'POST', `/api/cameras/${camera.id}/ingest-key`, { token: viewer })).status).toBe(403);
    });
  });
});
