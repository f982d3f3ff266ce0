// The users API in one file on purpose (over 300 lines): access, creation, changes, the last-admin
// guards and the first start read as one story of the accounts.
import type { ApiError, User } from '@argus/shared';
import { BusMessage, EventBus } from '../src/bus/event-bus';
import { UsersService } from '../src/users/users.service';
import { printFirstStartNotice } from '../src/users/admin-bootstrap.service';
import { test as base } from './support/fixtures';
import { ADMIN, http, login, startTestApp, TestApp } from './support/test-app';

type NewUser = User & { password: string; token: string };

const test = base
  .override('appOptions', { env: { LOGIN_MAX_FAILURES: '1000' } })
  .extend('adminId', { scope: 'file' }, async ({ t, admin }) => {
    return (await http<User>(t, 'GET', '/api/auth/me', { token: admin })).body.id;
  })
  .extend('revoked', { scope: 'file' }, ({ t }) => {
    const revoked: BusMessage[] = [];
    t.app.get(EventBus).subscribe((message) => {
      if (message.kind === 'user_revoked') revoked.push(message);
    });
    return revoked;
  })
  .extend('createUser', { scope: 'file' }, ({ t, admin }) => {
    let seq = 0;
    return async (role: 'admin' | 'viewer' = 'viewer'): Promise<NewUser> => {
      const username = `${role}-${++seq}`;
      const password = `${username}-password`;
      const res = await http<User>(t, 'POST', '/api/users', { token: admin, body: { username, password, role } });
      expect(res.status).toBe(201);
      return { ...res.body, password, token: await login(t, username, password) };
    };
  });
const it = test;

describe('users', () => {
  describe('access', () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/users'],
      ['POST', '/api/users', { username: 'someone', password: 'someone-pass', role: 'viewer' }],
      ['GET', '/api/users/1'],
      ['PATCH', '/api/users/1', { role: 'viewer' }],
      ['DELETE', '/api/users/1'],
    ];

    it.for(routes)('%s %s answers 401 without a token', async ([method, path, body], { t }) => {
      const res = await http<ApiError>(t, method, path, { body });
      expect(res.status).toBe(401);
    });

    it.for(routes)('%s %s answers 403 to a viewer', async ([method, path, body], { t, createUser }) => {
      const viewer = await createUser('viewer');
      const res = await http<ApiError>(t, method, path, { token: viewer.token, body });
      expect(res.status).toBe(403);
      expect(res.body.statusCode).toBe(403);
    });
  });

  describe('CRUD', () => {
    it('lists users without password hashes', async ({ t, admin, adminId }) => {
      const res = await http<User[]>(t, 'GET', '/api/users', { token: admin });
      expect(res.status).toBe(200);
      const me = res.body.find((user) => user.id === adminId);
      expect(me).toEqual({
        id: adminId,
        username: ADMIN.username,
        role: 'admin',
        disabled: false,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/hash|password|\$2[aby]\$/);
    });

    it('creates a user who can then log in', async ({ t, admin }) => {
      const before = Date.now();
      const res = await http<User>(t, 'POST', '/api/users', {
        token: admin,
        body: { username: 'Alice.Smith', password: 'alice-password', role: 'viewer' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        username: 'Alice.Smith',
        role: 'viewer',
        disabled: false,
        created_at: expect.any(String),
      });
      expect(Date.parse(res.body.created_at)).toBeGreaterThanOrEqual(before - 1000);
      const token = await login(t, 'alice.smith', 'alice-password');
      const me = await http(t, 'GET', '/api/auth/me', { token });
      expect(me.body).toEqual({ id: res.body.id, username: 'Alice.Smith', role: 'viewer' });
      const one = await http<User>(t, 'GET', `/api/users/${res.body.id}`, { token: admin });
      expect(one.body).toEqual(res.body);
    });

    it('answers 409 for a username taken in another letter case', async ({ t, admin, createUser }) => {
      const taken = (await createUser('viewer')).username;
      const res = await http<ApiError>(t, 'POST', '/api/users', {
        token: admin,
        body: { username: taken.toUpperCase(), password: 'another-password', role: 'viewer' },
      });
      expect(res.status).toBe(409);
      expect(String(res.body.message)).toMatch(/already exists/);
    });

    it.for([
      ['username missing', { password: 'long-enough', role: 'viewer' }, 'username'],
      ['username too short', { username: 'ab', password: 'long-enough', role: 'viewer' }, 'username'],
      ['username too long', { username: 'a'.repeat(65), password: 'long-enough', role: 'viewer' }, 'username'],
      ['username with a space', { username: 'bad name', password: 'long-enough', role: 'viewer' }, 'username'],
      ['username not a string', { username: 12345, password: 'long-enough', role: 'viewer' }, 'username'],
      ['password missing', { username: 'newbie', role: 'viewer' }, 'password'],
      ['password too short', { username: 'newbie', password: 'short', role: 'viewer' }, 'password'],
      ['password too long', { username: 'newbie', password: 'p'.repeat(257), role: 'viewer' }, 'password'],
      ['password not a string', { username: 'newbie', password: 123456789, role: 'viewer' }, 'password'],
      ['role missing', { username: 'newbie', password: 'long-enough' }, 'role'],
      ['role unknown', { username: 'newbie', password: 'long-enough', role: 'root' }, 'role'],
      ['an unknown field', { username: 'newbie', password: 'long-enough', role: 'viewer', disabled: true }, 'disabled'],
    ])('POST answers 400 naming the field: %s', async ([, body, field], { t, admin }) => {
      const res = await http<ApiError>(t, 'POST', '/api/users', { token: admin, body });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it.for([
      ['role unknown', { role: 'root' }, 'role'],
      ['password too short', { password: 'short' }, 'password'],
      ['password not a string', { password: 12345678 }, 'password'],
      ['disabled not a boolean', { disabled: 'yes' }, 'disabled'],
      ['an unknown field', { username: 'renamed' }, 'username'],
    ])('PATCH answers 400 naming the field: %s', async ([, body, field], { t, admin, createUser }) => {
      const user = await createUser('viewer');
      const res = await http<ApiError>(t, 'PATCH', `/api/users/${user.id}`, { token: admin, body });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it.for(['abc', '1.5', '0', '-1', '99999999999', '1e3', '0x10', '%201'])(
      'answers 400 for the id "%s"',
      async (id, { t, admin }) => {
        for (const [method, body] of [
          ['GET', undefined],
          ['PATCH', { role: 'viewer' }],
          ['DELETE', undefined],
        ] as const) {
          const res = await http<ApiError>(t, method, `/api/users/${id}`, { token: admin, body });
          expect(res.status, `${method} ${id}`).toBe(400);
          expect(String(res.body.message)).toMatch(/id/);
        }
      },
    );

    it('answers 404 for an unknown id', async ({ t, admin }) => {
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { role: 'viewer' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await http<ApiError>(t, method, '/api/users/987654', { token: admin, body });
        expect(res.status, method).toBe(404);
        expect(String(res.body.message)).toMatch(/987654/);
      }
    });

    it('changes the role, and the change applies to existing tokens at once', async ({ t, admin, createUser }) => {
      const user = await createUser('admin');
      expect((await http(t, 'GET', '/api/users', { token: user.token })).status).toBe(200);
      const res = await http<User>(t, 'PATCH', `/api/users/${user.id}`, { token: admin, body: { role: 'viewer' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, role: 'viewer', disabled: false });
      expect((await http(t, 'GET', '/api/users', { token: user.token })).status).toBe(403);
    });

    it('changes the password: the old one fails, the new one works', async ({ t, admin, createUser }) => {
      const user = await createUser('viewer');
      const res = await http<User>(t, 'PATCH', `/api/users/${user.id}`, {
        token: admin,
        body: { password: 'brand-new-password' },
      });
      expect(res.status).toBe(200);
      const old = await http(t, 'POST', '/api/auth/login', {
        body: { username: user.username, password: user.password },
      });
      expect(old.status).toBe(401);
      await expect(login(t, user.username, 'brand-new-password')).resolves.toEqual(expect.any(String));
    });

    it('disabling refuses the existing token at once and announces the revocation; re-enabling allows login again', async ({
      t,
      admin,
      revoked,
      createUser,
    }) => {
      const user = await createUser('viewer');
      expect((await http(t, 'GET', '/api/auth/me', { token: user.token })).status).toBe(200);

      const res = await http<User>(t, 'PATCH', `/api/users/${user.id}`, { token: admin, body: { disabled: true } });
      expect(res.status).toBe(200);
      expect(res.body.disabled).toBe(true);
      expect(revoked).toContainEqual({ kind: 'user_revoked', user_id: user.id, reason: 'disabled' });

      const me = await http<ApiError>(t, 'GET', '/api/auth/me', { token: user.token });
      expect(me.status).toBe(401);
      expect(String(me.body.message)).toMatch(/disabled/i);
      expect((await http(t, 'POST', '/api/auth/refresh', { token: user.token })).status).toBe(401);
      const denied = await http(t, 'POST', '/api/auth/login', {
        body: { username: user.username, password: user.password },
      });
      expect(denied.status).toBe(401);

      const enabled = await http<User>(t, 'PATCH', `/api/users/${user.id}`, {
        token: admin,
        body: { disabled: false },
      });
      expect(enabled.body.disabled).toBe(false);
      await expect(login(t, user.username, user.password)).resolves.toEqual(expect.any(String));
    });

    it('deletes a user: 204, their token refused, the revocation announced, then 404', async ({
      t,
      admin,
      revoked,
      createUser,
    }) => {
      const user = await createUser('viewer');
      const res = await http(t, 'DELETE', `/api/users/${user.id}`, { token: admin });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect(revoked).toContainEqual({ kind: 'user_revoked', user_id: user.id, reason: 'deleted' });
      const me = await http<ApiError>(t, 'GET', '/api/auth/me', { token: user.token });
      expect(me.status).toBe(401);
      expect((await http(t, 'GET', `/api/users/${user.id}`, { token: admin })).status).toBe(404);
      expect((await http(t, 'DELETE', `/api/users/${user.id}`, { token: admin })).status).toBe(404);
      // The name is free again.
      const again = await http(t, 'POST', '/api/users', {
        token: admin,
        body: { username: user.username, password: 'reused-password', role: 'viewer' },
      });
      expect(again.status).toBe(201);
    });
  });

  describe('admin protection', () => {
    it('an admin cannot delete or disable their own account', async ({ t, admin, adminId }) => {
      const del = await http<ApiError>(t, 'DELETE', `/api/users/${adminId}`, { token: admin });
      expect(del.status).toBe(409);
      expect(String(del.body.message)).toMatch(/own account/);
      const dis = await http<ApiError>(t, 'PATCH', `/api/users/${adminId}`, { token: admin, body: { disabled: true } });
      expect(dis.status).toBe(409);
      expect(String(dis.body.message)).toMatch(/own account/);
    });

    it('the last enabled admin cannot be demoted, disabled or deleted', async ({ t, admin, adminId, createUser }) => {
      // Only the bootstrap admin is an enabled admin here (earlier admins were demoted).
      const admins = (await http<User[]>(t, 'GET', '/api/users', { token: admin })).body.filter(
        (user) => user.role === 'admin' && !user.disabled,
      );
      expect(admins.map((user) => user.id)).toEqual([adminId]);
      const demote = await http<ApiError>(t, 'PATCH', `/api/users/${adminId}`, {
        token: admin,
        body: { role: 'viewer' },
      });
      expect(demote.status).toBe(409);
      expect(String(demote.body.message)).toMatch(/last enabled admin/);

      const second = await createUser('admin');
      // The second admin disables the first: allowed, one enabled admin remains.
      const disable = await http<User>(t, 'PATCH', `/api/users/${adminId}`, {
        token: second.token,
        body: { disabled: true },
      });
      expect(disable.status).toBe(200);
      // Now the second is the last enabled admin: it cannot demote itself...
      const selfDemote = await http<ApiError>(t, 'PATCH', `/api/users/${second.id}`, {
        token: second.token,
        body: { role: 'viewer' },
      });
      expect(selfDemote.status).toBe(409);
      expect(String(selfDemote.body.message)).toMatch(/last enabled admin/);
      // ...and a disabled admin does not count, nor can it act.
      expect((await http(t, 'GET', '/api/users', { token: admin })).status).toBe(401);

      const enable = await http<User>(t, 'PATCH', `/api/users/${adminId}`, {
        token: second.token,
        body: { disabled: false },
      });
      expect(enable.status).toBe(200);
      // With two enabled admins, one may delete the other.
      expect((await http(t, 'DELETE', `/api/users/${second.id}`, { token: admin })).status).toBe(204);
    });

    it('unchanged fields pass: re-sending the last admin its own role and state is allowed', async ({
      t,
      admin,
      adminId,
    }) => {
      const res = await http<User>(t, 'PATCH', `/api/users/${adminId}`, {
        token: admin,
        body: { role: 'admin', disabled: false },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: adminId, role: 'admin', disabled: false });
    });

    it('concurrent attempts cannot remove every enabled admin', async ({ t, adminId, createUser }) => {
      const a = await createUser('admin');
      const b = await createUser('admin');
      // Three enabled admins; a and b each try to remove the other two at the same time.
      const results = await Promise.all([
        http(t, 'PATCH', `/api/users/${b.id}`, { token: a.token, body: { disabled: true } }),
        http(t, 'PATCH', `/api/users/${adminId}`, { token: a.token, body: { role: 'viewer' } }),
        http(t, 'PATCH', `/api/users/${a.id}`, { token: b.token, body: { disabled: true } }),
        http(t, 'DELETE', `/api/users/${adminId}`, { token: b.token }),
      ]);
      // Each either happened, was refused (409), found its target gone (404) or its actor revoked (401, 403).
      for (const res of results) expect([200, 204, 401, 403, 404, 409]).toContain(res.status);
      const users = await t.app.get(UsersService).list();
      expect(users.filter((user) => user.role === 'admin' && !user.disabled)).toHaveLength(1);
    });
  });
});

describe('first start', () => {
  /** Boots an app while capturing everything written to stdout. */
  async function startCapturing(options: Parameters<typeof startTestApp>[0]): Promise<{ t: TestApp; out: string }> {
    const chunks: string[] = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      const t = await startTestApp(options);
      // What main does once the server listens.
      printFirstStartNotice(t.app, t.config);
      return { t, out: chunks.join('') };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  }

  it('generates an admin password, prints it once, and never again on later starts', async () => {
    const first = await startCapturing({ env: { ADMIN_PASSWORD: '' }, keepData: true });
    let second: TestApp | undefined;
    try {
      const match = /password: (\S+)/.exec(first.out);
      expect(match, first.out).not.toBeNull();
      const password = match![1];
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(first.out).toMatch(/username: admin/);
      expect(first.out).toMatch(/will NOT be shown again/);
      await expect(login(first.t, 'admin', password)).resolves.toEqual(expect.any(String));
      await first.t.close();

      const restarted = await startCapturing({ reuse: first.t });
      second = restarted.t;
      expect(restarted.out).not.toContain(password);
      expect(restarted.out).not.toMatch(/password:/);
      // The same password still works: the restart did not reset it.
      await expect(login(second, 'admin', password)).resolves.toEqual(expect.any(String));
    } finally {
      await first.t.close();
      await second?.close();
    }
  });

  it('creates the admin with ADMIN_PASSWORD without printing it, and never resets a changed password', async () => {
    const first = await startCapturing({ keepData: true });
    let second: TestApp | undefined;
    try {
      expect(first.out).not.toContain(ADMIN.password);
      const token = await login(first.t);
      const me = (await http<{ id: number }>(first.t, 'GET', '/api/auth/me', { token })).body;
      const changed = await http(first.t, 'PATCH', `/api/users/${me.id}`, {
        token,
        body: { password: 'changed-admin-password' },
      });
      expect(changed.status).toBe(200);
      await first.t.close();

      // Restart with ADMIN_PASSWORD still set, and a different ADMIN_USERNAME: an admin exists, so nothing is created.
      const restarted = await startCapturing({ reuse: first.t, env: { ADMIN_USERNAME: 'root' } });
      second = restarted.t;
      const old = await http(second, 'POST', '/api/auth/login', { body: ADMIN });
      expect(old.status).toBe(401);
      const admin = await login(second, ADMIN.username, 'changed-admin-password');
      const users = (await http<User[]>(second, 'GET', '/api/users', { token: admin })).body;
      expect(users.map((user) => user.username)).toEqual([ADMIN.username]);
    } finally {
      await first.t.close();
      await second?.close();
    }
  });
});
