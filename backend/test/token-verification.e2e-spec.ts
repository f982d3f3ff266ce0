import { CloseCode, type ApiError, type User } from '@argus/shared';
import { createCamera } from './support/domain';
import { createUser, signToken, unsignedToken } from './support/realtime-fixtures';
import { http, login, startTestApp, type TestApp } from './support/test-app';
import { closeAll, connect, connectAccepted, type WsClient } from './support/ws-client';

// Contract §1 and style "one verifier per credential": REST, ingest, the socket handshake
// and the in-band refresh verify a token through the same function and refuse it with the
// same reason (REST/ingest 401 message = socket 4001 reason = "auth rejected: <reason>").
describe('one token verifier', () => {
  let t: TestApp;
  let adminToken: string;
  let admin: User;
  let cameraId: number;
  const clients: WsClient[] = [];
  const track = (client: WsClient): WsClient => (clients.push(client), client);

  beforeAll(async () => {
    t = await startTestApp({ env: { STATS_INTERVAL_MS: '60000' } });
    adminToken = await login(t);
    admin = (await http<User[]>(t, 'GET', '/api/users', { token: adminToken })).body[0];
    cameraId = (await createCamera(t, adminToken, { name: 'Gate' })).id;
  });
  afterEach(async () => {
    await closeAll(clients.splice(0));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function restReason(token: string): Promise<string> {
    const res = await http<ApiError>(t, 'GET', '/api/auth/me', { token });
    expect(res.status).toBe(401);
    return String(res.body.message);
  }

  async function ingestReason(token: string): Promise<string> {
    const res = await http<ApiError>(t, 'POST', `/api/cameras/${cameraId}/events`, {
      token,
      body: { event_type: 'motion_detected' },
    });
    expect(res.status).toBe(401);
    return String(res.body.message);
  }

  async function socketReason(token: string): Promise<string> {
    const client = track(connect(t, { token }));
    const closed = await client.closed();
    expect(closed.code).toBe(CloseCode.UNAUTHORIZED);
    expect(client.messages).toEqual([]);
    return closed.reason;
  }

  async function inBandReason(token: string): Promise<string> {
    const client = track(await connectAccepted(t, { token: adminToken }));
    client.send({ type: 'auth', token });
    const error = await client.next('error');
    expect(error.code).toBe('invalid_message');
    return error.message.replace(/^auth rejected: /, '');
  }

  const cases: Array<[string, () => string, string]> = [
    ['garbage', () => 'not-a-jwt', 'Token malformed'],
    ['signed with another secret', () => signToken(t, admin, { secret: 'z'.repeat(40) }), 'Token signature invalid'],
    ['unsigned (alg none)', () => unsignedToken(admin), 'Token malformed'],
    ['HS512 with the right secret', () => signToken(t, admin, { algorithm: 'HS512' }), 'Token malformed'],
    ['expired', () => signToken(t, admin, { exp: Math.floor(Date.now() / 1000) - 5 }), 'Token expired'],
    ['sub 10^12', () => signToken(t, admin, { claims: { sub: 1e12 } }), 'Token malformed'],
    ['sub 2^31', () => signToken(t, admin, { claims: { sub: 2 ** 31 } }), 'Token malformed'],
    ['sub 0', () => signToken(t, admin, { claims: { sub: 0 } }), 'Token malformed'],
    ['sub a string', () => signToken(t, admin, { claims: { sub: '1' } }), 'Token malformed'],
    ['an unknown role', () => signToken(t, admin, { claims: { role: 'root' } }), 'Token malformed'],
    ['ver -1', () => signToken(t, admin, { claims: { ver: -1 } }), 'Token malformed'],
    ['ver a string', () => signToken(t, admin, { claims: { ver: '0' } }), 'Token malformed'],
    [
      'of a token version the user does not hold',
      () => signToken(t, admin, { claims: { ver: 7 } }),
      'Token revoked by a password change',
    ],
  ];

  it.each(cases)('refuses a token %s with one reason everywhere', { timeout: 10_000 }, async (_name, make, reason) => {
    const token = make();
    expect(await restReason(token)).toBe(reason);
    expect(await ingestReason(token)).toBe(reason);
    expect(await socketReason(token)).toBe(reason);
    expect(await inBandReason(token)).toBe(reason);
  });

  it('refuses a missing token with "Token missing" on REST and the socket', async () => {
    const res = await http<ApiError>(t, 'GET', '/api/auth/me');
    expect(res.body.message).toBe('Token missing');
    expect(await socketReason('')).toBe('Token missing');
  });

  it('refuses another Authorization scheme as malformed on REST and ingest', async () => {
    const headers = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
    const rest = await http<ApiError>(t, 'GET', '/api/auth/me', { headers });
    expect([rest.status, rest.body.message]).toEqual([401, 'Token malformed']);
    const ingest = await http<ApiError>(t, 'POST', `/api/cameras/${cameraId}/events`, {
      headers,
      body: { event_type: 'motion_detected' },
    });
    expect([ingest.status, ingest.body.message]).toEqual([401, 'Token malformed']);
  });

  it('reads a REST token only from the header, a socket token only from the URL or subprotocol', async () => {
    // A token in a REST URL is not a credential.
    const res = await http<ApiError>(t, 'GET', `/api/auth/me?token=${adminToken}`);
    expect([res.status, res.body.message]).toEqual([401, 'Token missing']);
    // An Authorization header on the upgrade is not either (browsers cannot send one).
    const client = track(connect(t, { headers: { authorization: `Bearer ${adminToken}` } }));
    expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token missing' });
  });

  it('refuses an unknown user with "User no longer exists"; in-band it ends the socket with 4003', async () => {
    const token = signToken(t, { ...admin, id: 99_999 });
    expect(await restReason(token)).toBe('User no longer exists');
    expect(await ingestReason(token)).toBe('User no longer exists');
    expect(await socketReason(token)).toBe('User no longer exists');
    const client = track(await connectAccepted(t, { token: adminToken }));
    client.send({ type: 'auth', token });
    expect(await client.closed()).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User deleted' });
  });

  it('refuses a disabled user with "User disabled" everywhere; an open socket gets 4003', async () => {
    const doomed = await createUser(t, adminToken, 'doomed-admin', 'admin');
    const open = track(await connectAccepted(t, { token: doomed.token }));
    const res = await http(t, 'PATCH', `/api/users/${doomed.user.id}`, { token: adminToken, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect(await open.closed()).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User disabled' });
    expect(await restReason(doomed.token)).toBe('User disabled');
    expect(await ingestReason(doomed.token)).toBe('User disabled');
    expect(await socketReason(doomed.token)).toBe('User disabled');
  });
});
