import { CloseCode, type ApiError, type User } from '@argus/shared';
import { createUser, signToken, unsignedToken } from './support/realtime-fixtures';
import { http, type TestApp } from './support/test-app';
import { test as base } from './support/fixtures';

// Contract §1 and style "one verifier per credential": REST, ingest, the socket handshake
// and the in-band refresh verify a token through the same function and refuse it with the
// same reason (REST/ingest 401 message = socket 4001 reason = "auth rejected: <reason>").
const test = base
  .override('appOptions', { env: { STATS_INTERVAL_MS: '60000' } })
  .extend('adminUser', { scope: 'file' }, async ({ t, admin }) => {
    return (await http<User[]>(t, 'GET', '/api/users', { token: admin })).body[0];
  })
  .extend('restReason', { scope: 'file' }, ({ t }) => {
    return async (token: string): Promise<string> => {
      const res = await http<ApiError>(t, 'GET', '/api/auth/me', { token });
      expect(res.status).toBe(401);
      return String(res.body.message);
    };
  })
  .extend('ingestReason', { scope: 'file' }, ({ t, camera }) => {
    return async (token: string): Promise<string> => {
      const res = await http<ApiError>(t, 'POST', `/api/cameras/${camera.id}/events`, {
        token,
        body: { event_type: 'motion_detected' },
      });
      expect(res.status).toBe(401);
      return String(res.body.message);
    };
  })
  .extend('socketReason', ({ t, sockets }) => {
    return async (token: string): Promise<string> => {
      const client = sockets.connect(t, { token });
      const closed = await client.closed();
      expect(closed.code).toBe(CloseCode.UNAUTHORIZED);
      expect(client.messages).toEqual([]);
      return closed.reason;
    };
  })
  .extend('inBandReason', ({ t, admin, sockets }) => {
    return async (token: string): Promise<string> => {
      const client = await sockets.accepted(t, { token: admin });
      client.send({ type: 'auth', token });
      const error = await client.next('error');
      expect(error.code).toBe('invalid_message');
      return error.message.replace(/^auth rejected: /, '');
    };
  });
const it = test;

describe('one token verifier', () => {
  const cases: Array<[string, (t: TestApp, user: User) => string, string]> = [
    ['garbage', () => 'not-a-jwt', 'Token malformed'],
    [
      'signed with another secret',
      (t, user) => signToken(t, user, { secret: 'z'.repeat(40) }),
      'Token signature invalid',
    ],
    ['unsigned (alg none)', (_t, user) => unsignedToken(user), 'Token malformed'],
    ['HS512 with the right secret', (t, user) => signToken(t, user, { algorithm: 'HS512' }), 'Token malformed'],
    ['expired', (t, user) => signToken(t, user, { exp: Math.floor(Date.now() / 1000) - 5 }), 'Token expired'],
    ['sub 10^12', (t, user) => signToken(t, user, { claims: { sub: 1e12 } }), 'Token malformed'],
    ['sub 2^31', (t, user) => signToken(t, user, { claims: { sub: 2 ** 31 } }), 'Token malformed'],
    ['sub 0', (t, user) => signToken(t, user, { claims: { sub: 0 } }), 'Token malformed'],
    ['sub a string', (t, user) => signToken(t, user, { claims: { sub: '1' } }), 'Token malformed'],
    ['an unknown role', (t, user) => signToken(t, user, { claims: { role: 'root' } }), 'Token malformed'],
    ['ver -1', (t, user) => signToken(t, user, { claims: { ver: -1 } }), 'Token malformed'],
    ['ver a string', (t, user) => signToken(t, user, { claims: { ver: '0' } }), 'Token malformed'],
    [
      'of a token version the user does not hold',
      (t, user) => signToken(t, user, { claims: { ver: 7 } }),
      'Token revoked by a password change',
    ],
  ];

  it.for(cases)(
    'refuses a token %s with one reason everywhere',
    { timeout: 10_000 },
    async ([, make, reason], { t, adminUser, restReason, ingestReason, socketReason, inBandReason }) => {
      const token = make(t, adminUser);
      expect(await restReason(token)).toBe(reason);
      expect(await ingestReason(token)).toBe(reason);
      expect(await socketReason(token)).toBe(reason);
      expect(await inBandReason(token)).toBe(reason);
    },
  );

  it('refuses a missing token with "Token missing" on REST and the socket', async ({ t, socketReason }) => {
    const res = await http<ApiError>(t, 'GET', '/api/auth/me');
    expect(res.body.message).toBe('Token missing');
    expect(await socketReason('')).toBe('Token missing');
  });

  it('refuses another Authorization scheme as malformed on REST and ingest', async ({ t, camera }) => {
    const headers = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
    const rest = await http<ApiError>(t, 'GET', '/api/auth/me', { headers });
    expect([rest.status, rest.body.message]).toEqual([401, 'Token malformed']);
    const ingest = await http<ApiError>(t, 'POST', `/api/cameras/${camera.id}/events`, {
      headers,
      body: { event_type: 'motion_detected' },
    });
    expect([ingest.status, ingest.body.message]).toEqual([401, 'Token malformed']);
  });

  it('reads a REST token only from the header, a socket token only from the URL or subprotocol', async ({
    t,
    admin,
    sockets,
  }) => {
    // A token in a REST URL is not a credential.
    const res = await http<ApiError>(t, 'GET', `/api/auth/me?token=${admin}`);
    expect([res.status, res.body.message]).toEqual([401, 'Token missing']);
    // An Authorization header on the upgrade is not either (browsers cannot send one).
    const client = sockets.connect(t, { headers: { authorization: `Bearer ${admin}` } });
    expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token missing' });
  });

  it('refuses an unknown user with "User no longer exists"; in-band it ends the socket with 4003', async ({
    t,
    admin,
    adminUser,
    sockets,
    restReason,
    ingestReason,
    socketReason,
  }) => {
    const token = signToken(t, { ...adminUser, id: 99_999 });
    expect(await restReason(token)).toBe('User no longer exists');
    expect(await ingestReason(token)).toBe('User no longer exists');
    expect(await socketReason(token)).toBe('User no longer exists');
    const client = await sockets.accepted(t, { token: admin });
    client.send({ type: 'auth', token });
    expect(await client.closed()).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User deleted' });
  });

  it('refuses a disabled user with "User disabled" everywhere; an open socket gets 4003', async ({
    t,
    admin,
    sockets,
    restReason,
    ingestReason,
    socketReason,
  }) => {
    const doomed = await createUser(t, admin, 'doomed-admin', 'admin');
    const open = await sockets.accepted(t, { token: doomed.token });
    const res = await http(t, 'PATCH', `/api/users/${doomed.user.id}`, { token: admin, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect(await open.closed()).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User disabled' });
    expect(await restReason(doomed.token)).toBe('User disabled');
    expect(await ingestReason(doomed.token)).toBe('User disabled');
    expect(await socketReason(doomed.token)).toBe('User disabled');
  });
});
