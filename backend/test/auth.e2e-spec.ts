import jwt from 'jsonwebtoken';
import type { ApiError, PublicUser, TokenResponse, User } from '@argus/shared';
import { it, test } from './support/fixtures';
import { ADMIN, http, login, TestApp } from './support/test-app';

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  return { header, payload };
}

const LOGIN = '/api/auth/login';

// A generous limit: throttling has its own apps below.
test.override('appOptions', { env: { LOGIN_MAX_FAILURES: '1000' } });

describe('auth', () => {
  describe('POST /api/auth/login', () => {
    it('answers a token for JSON credentials', async ({ t }) => {
      const res = await http<TokenResponse>(t, 'POST', LOGIN, { body: ADMIN });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: t.config.jwtTtlSeconds,
        user: { id: expect.any(Number), username: ADMIN.username, role: 'admin' },
      });
    });

    it('answers a token for form-urlencoded credentials', async ({ t }) => {
      const res = await http<TokenResponse>(t, 'POST', LOGIN, { form: ADMIN });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe(ADMIN.username);
    });

    it('accepts an OAuth2 password-grant form (grant_type, scope)', async ({ t }) => {
      const res = await http<TokenResponse>(t, 'POST', LOGIN, {
        form: { ...ADMIN, grant_type: 'password', scope: '' },
      });
      expect(res.status).toBe(200);
    });

    it('matches the username case-insensitively and answers its stored spelling', async ({ t }) => {
      const res = await http<TokenResponse>(t, 'POST', LOGIN, {
        body: { username: ADMIN.username.toUpperCase(), password: ADMIN.password },
      });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe(ADMIN.username);
    });

    it('gives the same 401 for a wrong password, an unknown user and a disabled user', async ({ t }) => {
      const admin = await login(t);
      const created = await http<User>(t, 'POST', '/api/users', {
        token: admin,
        body: { username: 'sleeper', password: 'sleeper-pass-1', role: 'viewer' },
      });
      expect(created.status).toBe(201);
      await http(t, 'PATCH', `/api/users/${created.body.id}`, { token: admin, body: { disabled: true } });

      const wrong = await http<ApiError>(t, 'POST', LOGIN, {
        body: { username: ADMIN.username, password: 'nope-nope' },
      });
      const unknown = await http<ApiError>(t, 'POST', LOGIN, { body: { username: 'nobody', password: 'nope-nope' } });
      const disabled = await http<ApiError>(t, 'POST', LOGIN, {
        body: { username: 'sleeper', password: 'sleeper-pass-1' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password' });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(disabled.status).toBe(401);
      expect(disabled.body).toEqual(wrong.body);
    });

    it.for([
      ['username missing', { password: 'x-password' }, 'username'],
      ['password missing', { username: 'admin' }, 'password'],
      ['username a number', { username: 42, password: 'x-password' }, 'username'],
      ['password a number', { username: 'admin', password: 12345678 }, 'password'],
      ['username an object', { username: { $ne: '' }, password: 'x-password' }, 'username'],
      ['password an array', { username: 'admin', password: ['a'] }, 'password'],
      ['username empty', { username: '', password: 'x-password' }, 'username'],
      ['password empty', { username: 'admin', password: '' }, 'password'],
      ['username over 64 characters', { username: 'a'.repeat(65), password: 'x-password' }, 'username'],
      // 66 code points that class-validator's Length would count as 33.
      ['username over 64 code points', { username: 'a\uFE0F'.repeat(33), password: 'x-password' }, 'username'],
      ['an unknown field', { username: 'admin', password: 'x-password', admin: true }, 'admin'],
    ])('answers 400 naming the field: %s', async ([, body, field], { t }) => {
      const res = await http<ApiError>(t, 'POST', LOGIN, { body });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });

    it('answers 400 for a form without a password', async ({ t }) => {
      const res = await http<ApiError>(t, 'POST', LOGIN, { form: { username: 'admin' } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('password');
    });
  });

  describe('tokens', () => {
    it('carries sub, username, role, iat, exp, jti and the token version, signed HS256', async ({ t }) => {
      const res = await http<TokenResponse>(t, 'POST', LOGIN, { body: ADMIN });
      const { header, payload } = decode(res.body.access_token);
      expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      expect(payload).toEqual({
        sub: res.body.user.id,
        username: ADMIN.username,
        role: 'admin',
        iat: expect.any(Number),
        exp: expect.any(Number),
        jti: expect.any(String),
        ver: 0,
      });
      expect((payload.exp as number) - (payload.iat as number)).toBe(t.config.jwtTtlSeconds);
      expect(Math.abs((payload.iat as number) - Date.now() / 1000)).toBeLessThan(60);
      // The signature verifies with the server secret and HS256 only.
      expect(() => jwt.verify(res.body.access_token, t.config.jwtSecret, { algorithms: ['HS256'] })).not.toThrow();
    });

    it('refuses tokens that are missing, malformed, unsigned, foreign-signed or expired', async ({ t }) => {
      const me = (await http<PublicUser>(t, 'GET', '/api/auth/me', { token: await login(t) })).body;
      const claims = { sub: me.id, username: me.username, role: me.role, jti: 'test-jti' };
      const unsigned = jwt.sign(claims, '', { algorithm: 'none' });
      const foreign = jwt.sign(claims, 'another-secret-another-secret-0123456789', { algorithm: 'HS256' });
      const now = Math.floor(Date.now() / 1000);
      const expired = jwt.sign({ ...claims, iat: now - 120, exp: now - 60 }, t.config.jwtSecret, {
        algorithm: 'HS256',
      });
      // Same secret, but HS512: the algorithm is pinned, not taken from the header.
      const otherAlg = jwt.sign(claims, t.config.jwtSecret, { algorithm: 'HS512', expiresIn: 600 });

      const cases: Array<[string | undefined, RegExp]> = [
        [undefined, /missing/i],
        ['not-a-jwt', /malformed|jwt/i],
        [unsigned, /./],
        [foreign, /signature/i],
        [expired, /expired/i],
        [otherAlg, /./],
      ];
      for (const [token, message] of cases) {
        const res = await http<ApiError>(t, 'GET', '/api/auth/me', { token });
        expect(res.status, String(token)).toBe(401);
        expect(JSON.stringify(res.body.message)).toMatch(message);
      }
      // A well-formed token signed with the real secret is accepted: the cases above fail for their flaw only.
      // (Without `ver`, as issued before token versions existed: read as version 0.)
      const good = jwt.sign(claims, t.config.jwtSecret, { algorithm: 'HS256', expiresIn: 600 });
      expect((await http(t, 'GET', '/api/auth/me', { token: good })).status).toBe(200);
    });
  });

  describe('POST /api/auth/refresh and GET /api/auth/me', () => {
    it('me answers the caller', async ({ t }) => {
      const res = await http<PublicUser>(t, 'GET', '/api/auth/me', { token: await login(t) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: expect.any(Number), username: ADMIN.username, role: 'admin' });
    });

    it('refresh answers a fresh token for the same user, with a new jti', async ({ t }) => {
      const first = await http<TokenResponse>(t, 'POST', LOGIN, { body: ADMIN });
      const res = await http<TokenResponse>(t, 'POST', '/api/auth/refresh', { token: first.body.access_token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        token_type: 'bearer',
        expires_in: t.config.jwtTtlSeconds,
        user: first.body.user,
      });
      const before = decode(first.body.access_token).payload;
      const after = decode(res.body.access_token).payload;
      expect(after.sub).toBe(before.sub);
      expect(after.jti).not.toBe(before.jti);
      expect(after.exp as number).toBeGreaterThanOrEqual(before.exp as number);
      expect((await http(t, 'GET', '/api/auth/me', { token: res.body.access_token })).status).toBe(200);
    });

    it('refresh and me answer 401 without a token', async ({ t }) => {
      expect((await http(t, 'POST', '/api/auth/refresh')).status).toBe(401);
      expect((await http(t, 'GET', '/api/auth/me')).status).toBe(401);
    });
  });
});

describe('login throttling', () => {
  const wrong = (username: string) => ({ username, password: 'wrong-password' });

  describe('behind a trusted proxy (X-Forwarded-For names the client)', () => {
    let t: TestApp;
    test.beforeAll(async ({ apps }) => {
      t = await apps.start({ env: { TRUST_PROXY: 'loopback' } });
    });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });

    it('answers 429 with Retry-After to the 6th failure from one client, without checking the password', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await http(t, 'POST', LOGIN, { body: wrong(`guess${i}`), headers: from('203.0.113.1') });
        expect(res.status).toBe(401);
      }
      const res = await http<ApiError>(t, 'POST', LOGIN, { body: ADMIN, headers: from('203.0.113.1') });
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(890);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(String(res.body.message)).toMatch(/too many/i);
      // Another client is not affected.
      expect((await http(t, 'POST', LOGIN, { body: ADMIN, headers: from('203.0.113.2') })).status).toBe(200);
    });

    it('answers 429 for one username after 5 failures from different clients', async () => {
      const admin = await login(t);
      await http(t, 'POST', '/api/users', {
        token: admin,
        body: { username: 'victim', password: 'victim-pass-1', role: 'viewer' },
      });
      for (let i = 0; i < 5; i++) {
        const res = await http(t, 'POST', LOGIN, { body: wrong('victim'), headers: from(`198.51.100.${i}`) });
        expect(res.status).toBe(401);
      }
      const res = await http(t, 'POST', LOGIN, {
        body: { username: 'VICTIM', password: 'victim-pass-1' },
        headers: from('198.51.100.99'),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('a successful login resets the username count', async () => {
      const admin = await login(t);
      await http(t, 'POST', '/api/users', {
        token: admin,
        body: { username: 'forgetful', password: 'forgetful-pass-1', role: 'viewer' },
      });
      for (let i = 0; i < 4; i++) {
        expect((await http(t, 'POST', LOGIN, { body: wrong('forgetful'), headers: from(`192.0.2.${i}`) })).status).toBe(
          401,
        );
      }
      const ok = await http(t, 'POST', LOGIN, {
        body: { username: 'forgetful', password: 'forgetful-pass-1' },
        headers: from('192.0.2.50'),
      });
      expect(ok.status).toBe(200);
      // Without the reset the 2nd of these would be the 6th failure and get 429.
      for (let i = 10; i < 15; i++) {
        expect((await http(t, 'POST', LOGIN, { body: wrong('forgetful'), headers: from(`192.0.2.${i}`) })).status).toBe(
          401,
        );
      }
      expect((await http(t, 'POST', LOGIN, { body: wrong('forgetful'), headers: from('192.0.2.99') })).status).toBe(
        429,
      );
    });
  });

  describe('without a trusted proxy', () => {
    let t: TestApp;
    test.beforeAll(async ({ apps }) => {
      t = await apps.start({ env: { LOGIN_MAX_FAILURES: '2' } });
    });

    it('ignores X-Forwarded-For, so a client cannot dodge its limit by forging it', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await http(t, 'POST', LOGIN, {
          body: wrong(`spoof${i}`),
          headers: { 'x-forwarded-for': `10.9.9.${i}` },
        });
        expect(res.status).toBe(401);
      }
      const res = await http(t, 'POST', LOGIN, { body: wrong('spoof9'), headers: { 'x-forwarded-for': '10.9.9.9' } });
      expect(res.status).toBe(429);
    });
  });
});
