import { CloseCode, type ApiError, type TokenResponse, type User } from '@argus/shared';
import { ingest } from './support/domain';
import { createUser, PASSWORD } from './support/realtime-fixtures';
import { test as base } from './support/fixtures';
import { http, login, type TestApp } from './support/test-app';

const REVOKED = 'Token revoked by a password change';

// Contract §1: a password change (by the user or an admin) ends every token issued before it;
// a role change reaches open sockets at once.
const test = base
  .override('appOptions', { env: { STATS_INTERVAL_MS: '60000', LOGIN_MAX_FAILURES: '1000' } })
  .override('cameraBody', { name: 'Yard' })
  .extend('changePassword', { scope: 'file' }, ({ t }) => {
    return (token: string, body: Record<string, unknown>) =>
      http<TokenResponse & ApiError>(t, 'POST', '/api/auth/password', { token, body });
  })
  /** The token no longer works anywhere: REST 401, a new socket 4001, with the revocation reason. */
  .extend('expectRevoked', ({ t, sockets }) => {
    return async (token: string): Promise<void> => {
      const res = await http<ApiError>(t, 'GET', '/api/auth/me', { token });
      expect([res.status, res.body.message]).toEqual([401, REVOKED]);
      const socket = sockets.connect(t, { token });
      expect(await socket.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: REVOKED });
    };
  });
const it = test;

describe('credential and role changes', () => {
  describe('POST /api/auth/password', () => {
    it('answers a fresh token and ends every older one: REST, open sockets, in-band auth', async ({
      t,
      admin,
      sockets,
      changePassword,
      expectRevoked,
    }) => {
      const { user, token } = await createUser(t, admin, 'changer');
      const other = await login(t, 'changer', PASSWORD);
      const open = await sockets.accepted(t, { token });
      const witness = await sockets.accepted(t, { token: admin });

      const res = await changePassword(token, { current_password: PASSWORD, new_password: 'a-new-password' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'bearer', user: { id: user.id, username: 'changer' } });
      const fresh = res.body.access_token;

      expect(await open.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: REVOKED });
      await expectRevoked(token);
      await expectRevoked(other);
      expect(witness.isClosed).toBe(false);
      // The fresh token works everywhere; the old one is refused in-band too.
      expect((await http(t, 'GET', '/api/auth/me', { token: fresh })).status).toBe(200);
      const renewed = await sockets.accepted(t, { token: fresh });
      renewed.send({ type: 'auth', token });
      expect((await renewed.next('error')).message).toBe(`auth rejected: ${REVOKED}`);
      expect(renewed.isClosed).toBe(false);
      // And the password itself changed.
      expect(
        (await http(t, 'POST', '/api/auth/login', { body: { username: 'changer', password: PASSWORD } })).status,
      ).toBe(401);
      expect(await login(t, 'changer', 'a-new-password')).toEqual(expect.any(String));
    });

    it('answers 403 to a wrong current password and changes nothing', async ({ t, admin, changePassword }) => {
      const { token } = await createUser(t, admin, 'guesser');
      const res = await changePassword(token, {
        current_password: 'not-my-password',
        new_password: 'another-password',
      });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('current_password');
      expect((await http(t, 'GET', '/api/auth/me', { token })).status).toBe(200);
      expect(await login(t, 'guesser', PASSWORD)).toEqual(expect.any(String));
    });

    it.for([
      ['7 bytes', 'short12', 'new_password'],
      ['73 bytes of UTF-8 (37 characters)', `${'é'.repeat(36)}a`, 'new_password'],
      ['not a string', 12345678, 'new_password'],
    ])(
      'answers 400 naming the field for a new password of %s',
      async ([, newPassword, field], { t, admin, changePassword }) => {
        const { token } = await createUser(t, admin, `short-${Math.random().toString(36).slice(2, 8)}`);
        const res = await changePassword(token, { current_password: PASSWORD, new_password: newPassword });
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain(field);
        expect((await http(t, 'GET', '/api/auth/me', { token })).status).toBe(200);
      },
    );

    it('takes a new password of exactly 72 bytes whole', async ({ t, admin, changePassword }) => {
      const { token } = await createUser(t, admin, 'long-pass');
      const longest = 'é'.repeat(36);
      expect((await changePassword(token, { current_password: PASSWORD, new_password: longest })).status).toBe(200);
      expect(await login(t, 'long-pass', longest)).toEqual(expect.any(String));
    });

    it('answers 400 without current_password and 401 without a token', async ({ t, admin, changePassword }) => {
      const { token } = await createUser(t, admin, 'no-current');
      expect((await changePassword(token, { new_password: 'a-new-password' })).status).toBe(400);
      expect((await http(t, 'POST', '/api/auth/password', { body: {} })).status).toBe(401);
    });
  });

  it("an admin setting a user's password ends that user's tokens and sockets", async ({
    t,
    admin,
    sockets,
    expectRevoked,
  }) => {
    const { user, token } = await createUser(t, admin, 'reset-me');
    const open = await sockets.accepted(t, { token });
    const res = await http<User>(t, 'PATCH', `/api/users/${user.id}`, {
      token: admin,
      body: { password: 'set-by-admin-1' },
    });
    expect(res.status).toBe(200);
    expect(await open.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: REVOKED });
    await expectRevoked(token);
    expect((await http(t, 'GET', '/api/auth/me', { token: admin })).status).toBe(200);
    expect(await login(t, 'reset-me', 'set-by-admin-1')).toEqual(expect.any(String));
  });

  it('a role change reaches open sockets at once: alert routing follows the current role', async ({
    t,
    admin,
    camera,
    sockets,
  }) => {
    const demoted = await createUser(t, admin, 'demoted-admin', 'admin');
    const promoted = await createUser(t, admin, 'promoted-viewer', 'viewer');
    const wasAdmin = await sockets.accepted(t, { token: demoted.token });
    const wasViewer = await sockets.accepted(t, { token: promoted.token });
    const patch = (id: number, role: string) => http(t, 'PATCH', `/api/users/${id}`, { token: admin, body: { role } });
    expect((await patch(demoted.user.id, 'viewer')).status).toBe(200);
    expect((await patch(promoted.user.id, 'admin')).status).toBe(200);

    // camera_offline alerts go to admins only (default rule); no token was refreshed.
    const offline = await ingest(t, camera, { event_type: 'camera_offline' });
    expect((await wasViewer.next('alert')).event_id).toBe(offline.id);
    expect((await wasAdmin.next('camera_event')).id).toBe(offline.id);
    // Both got the event; the bus is ordered, so had the alert come, it would be here by the next one.
    const marker = await ingest(t, camera, { event_type: 'face_unknown' });
    expect((await wasAdmin.next('alert')).event_id).toBe(marker.id);
    expect(wasAdmin.all('alert').map((a) => a.event_id)).toEqual([marker.id]);
    expect(wasAdmin.isClosed).toBe(false);
  });
});

describe('password changes and the login throttle', () => {
  let t: TestApp;
  test.beforeAll(async ({ apps }) => {
    t = await apps.start({ env: { LOGIN_MAX_FAILURES: '3' } });
  });

  it('counts wrong current passwords as failed logins: a stolen token cannot guess the password', async () => {
    const { token } = await createUser(t, await login(t), 'target');
    const attempt = (current: string) =>
      http(t, 'POST', '/api/auth/password', { token, body: { current_password: current, new_password: 'whatever-1' } });
    for (let i = 0; i < 3; i += 1) expect((await attempt(`guess-${i}-password`)).status).toBe(403);
    const throttled = await attempt(PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
