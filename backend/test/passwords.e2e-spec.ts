import bcrypt from 'bcryptjs';
import type { ApiError, User } from '@argus/shared';
import { test as base } from './support/fixtures';
import { http } from './support/test-app';

// Contract §1: passwords are 8 to 72 bytes of UTF-8, never silently truncated. bcrypt reads
// only 72 bytes, so a longer password would have logged in on its first 72 bytes alone.
const RULE = 'password must be 8 to 72 bytes of UTF-8 (up to 72 plain letters, fewer with accents or emoji)';
const INVALID = { statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password' };

const test = base
  .extend('create', { scope: 'file' }, ({ t, admin }) => {
    return (username: string, password: string) =>
      http<User & ApiError>(t, 'POST', '/api/users', { token: admin, body: { username, password, role: 'viewer' } });
  })
  .extend('attempt', { scope: 'file' }, ({ t }) => {
    return (username: string, password: string) =>
      http<ApiError>(t, 'POST', '/api/auth/login', { body: { username, password } });
  });
const it = test;

describe('password length in bytes', () => {
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('takes exactly 72 bytes, and a password differing only after byte 72 cannot log in', async ({
    create,
    attempt,
  }) => {
    const password = 'k'.repeat(72);
    expect((await create('exact72', password)).status).toBe(201);
    expect((await attempt('exact72', password)).status).toBe(200);
    const longer = await attempt('exact72', `${password}anything-after-byte-72`);
    expect(longer.status).toBe(401);
    expect(longer.body).toEqual(INVALID);
  });

  it('counts bytes, not characters: 36 x "ü" (72 bytes) is taken, 37 (74 bytes) refused', async ({
    create,
    attempt,
  }) => {
    expect((await create('umlaut36', 'ü'.repeat(36))).status).toBe(201);
    expect((await attempt('umlaut36', 'ü'.repeat(36))).status).toBe(200);
    const refused = await create('umlaut37', 'ü'.repeat(37));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual([RULE]);
  });

  it.for([
    ['73 ASCII bytes', 'p'.repeat(73)],
    ['an emoji past byte 72', `${'p'.repeat(70)}😀`],
    ['7 bytes', 'p'.repeat(7)],
  ])('refuses %s on create and on update, storing nothing', async ([, password], { t, admin, create, attempt }) => {
    const created = await create('too-long', password);
    expect(created.status).toBe(400);
    expect(created.body.message).toEqual([RULE]);
    const users = await http<User[]>(t, 'GET', '/api/users', { token: admin });
    expect(users.body.map((u) => u.username)).not.toContain('too-long');

    const target = await create(`target-${password.length}`, 'target-password-1');
    const updated = await http<ApiError>(t, 'PATCH', `/api/users/${target.body.id}`, {
      token: admin,
      body: { password },
    });
    expect(updated.status).toBe(400);
    expect(updated.body.message).toEqual([RULE]);
    expect((await attempt(`target-${password.length}`, 'target-password-1')).status).toBe(200);
  });

  it('answers a login password over 72 bytes with the usual 401, without running bcrypt', async ({ attempt }) => {
    const compare = vi.spyOn(bcrypt, 'compare');
    for (const username of ['exact72', 'nobody-here']) {
      const res = await attempt(username, 'k'.repeat(73));
      expect(res.status).toBe(401);
      expect(res.body).toEqual(INVALID);
    }
    expect(compare).not.toHaveBeenCalled();
    compare.mockRestore();
  });
});
