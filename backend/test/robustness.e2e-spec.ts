import { DataSource } from 'typeorm';
import type { ApiError, Camera } from '@argus/shared';
import { http } from './support/test-app';
import { it } from './support/fixtures';

// Contract §2: "Bad input gets 400 ... No input crashes the server or loses stored data";
// §1: passwords stored only as slow salted hashes.
describe('hostile input and stored secrets', () => {
  it.for([
    ['truncated JSON', '{"name": "Gate", "location": '],
    ['not JSON at all', 'name=Gate'],
    ['a JSON array', '["Gate"]'],
    ['a JSON string', '"Gate"'],
    ['null', 'null'],
  ])('answers %s with 400 and keeps serving', async ([, body], { t, admin }) => {
    const res = await http<ApiError>(t, 'POST', '/api/cameras', {
      token: admin,
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    const health = await http(t, 'GET', '/api/health');
    expect(health.status).toBe(200);
  });

  it('refuses an oversized body with 413 and a readable error, storing nothing', async ({ t, admin }) => {
    const res = await http<ApiError>(t, 'POST', '/api/cameras', {
      token: admin,
      body: { name: 'Gate', location: 'x'.repeat(200_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
    expect(cameras.body).toEqual([]);
  });

  it('keeps earlier data through a burst of bad requests', async ({ t, admin }) => {
    const created = await http<Camera>(t, 'POST', '/api/cameras', { token: admin, body: { name: 'Kept' } });
    expect(created.status).toBe(201);
    const bad = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        http(t, 'POST', `/api/cameras/${created.body.id}/events`, {
          token: admin,
          body: [{ event_type: 'motion_detected' }, { event_type: 'nope' }, { confidence: 'high' }][i % 3],
        }),
      ),
    );
    expect(bad.map((r) => r.status)).toEqual(Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 201 : 400)));
    const cameras = await http<Camera[]>(t, 'GET', '/api/cameras', { token: admin });
    expect(cameras.body.map((c) => c.name)).toEqual(['Kept']);
  });

  it('stores passwords only as bcrypt hashes at the configured cost', async ({ t, admin }) => {
    const created = await http(t, 'POST', '/api/users', {
      token: admin,
      body: { username: 'hashcheck', password: 'plain-text-secret-1', role: 'viewer' },
    });
    expect(created.status).toBe(201);
    const rows: Array<{ username: string; password_hash: string }> = await t.app
      .get(DataSource)
      .query('SELECT username, password_hash FROM users');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$2[aby]\$04\$[./A-Za-z0-9]{53}$/); // PASSWORD_HASH_ROUNDS=4 in tests
      expect(row.password_hash).not.toContain('plain-text-secret-1');
    }
  });
});
