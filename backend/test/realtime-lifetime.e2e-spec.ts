import { CloseCode, type User } from '@argus/shared';
import { createUser, signToken } from './support/realtime-fixtures';
import { http, login, startTestApp, type TestApp } from './support/test-app';
import { closeAll, connect, connectAccepted, type WsClient } from './support/ws-client';

const HEARTBEAT_MS = 300;

describe('live socket lifetime', () => {
  let t: TestApp;
  let adminToken: string;
  let viewer: { user: User; token: string };
  const clients: WsClient[] = [];
  const track = (client: WsClient): WsClient => (clients.push(client), client);

  beforeAll(async () => {
    t = await startTestApp({ env: { STATS_INTERVAL_MS: '1000', HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) } });
    adminToken = await login(t);
    viewer = await createUser(t, adminToken, 'viewer-life');
  });

  afterEach(async () => {
    await closeAll(clients.splice(0));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('terminates a client that never answers pings, and keeps one that does', { timeout: 5000 }, async () => {
    const started = performance.now();
    const silent = track(connect(t, { token: viewer.token, autoPong: false }));
    const healthy = track(await connectAccepted(t, { token: viewer.token }));
    await silent.next('connection_status');
    const closed = await silent.closed(HEARTBEAT_MS * 4);
    // Terminated, not closed: no close frame reaches the client.
    expect(closed.code).toBe(1006);
    // The first ping goes out at a heartbeat after the socket opened; termination one later.
    expect(performance.now() - started).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.9);
    expect(healthy.isClosed).toBe(false);
  });

  it('closes 4001 "Token expired" when the token runs out', { timeout: 8000 }, async () => {
    const token = signToken(t, viewer.user, { expiresInSeconds: 2 });
    const client = track(await connectAccepted(t, { token }));
    const started = Date.now();
    expect(await client.closed(5000)).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token expired' });
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('keeps a socket past its first token when refreshed in-band with the same user', { timeout: 10_000 }, async () => {
    const shortLived = signToken(t, viewer.user, { expiresInSeconds: 2 });
    const client = track(await connectAccepted(t, { token: shortLived }));
    const fresh = signToken(t, viewer.user, { expiresInSeconds: 60 });
    client.send({ type: 'auth', token: fresh });
    const ok = await client.next('auth_ok');
    expect(Math.abs(Date.parse(ok.expires_at) - (Date.now() + 60_000))).toBeLessThan(5000);
    // Past the first token's expiry the socket still gets pongs.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    client.send({ type: 'ping', timestamp: 'still-here' });
    expect((await client.next('pong')).timestamp).toBe('still-here');
    expect(client.isClosed).toBe(false);
  });

  it('answers an invalid refresh token with an error and keeps the socket', { timeout: 5000 }, async () => {
    const client = track(await connectAccepted(t, { token: viewer.token }));
    client.send({ type: 'auth', token: signToken(t, viewer.user, { secret: 'y'.repeat(40) }) });
    expect(await client.next('error')).toMatchObject({
      code: 'invalid_message',
      message: 'auth rejected: Token signature invalid',
    });
    client.send({ type: 'ping', timestamp: 1 });
    expect((await client.next('pong')).timestamp).toBe(1);
  });

  it("closes 4001 when the refresh token is another user's", { timeout: 5000 }, async () => {
    const client = track(await connectAccepted(t, { token: viewer.token }));
    client.send({ type: 'auth', token: adminToken });
    expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token belongs to another user' });
  });

  it('cuts every socket of a disabled user with 4003 at once, and only theirs', { timeout: 5000 }, async () => {
    const doomed = await createUser(t, adminToken, 'viewer-doomed');
    const sockets = [
      track(await connectAccepted(t, { token: doomed.token })),
      track(await connectAccepted(t, { token: doomed.token })),
    ];
    const bystander = track(await connectAccepted(t, { token: viewer.token }));
    const res = await http(t, 'PATCH', `/api/users/${doomed.user.id}`, { token: adminToken, body: { disabled: true } });
    expect(res.status).toBe(200);
    for (const socket of sockets) {
      expect(await socket.closed(1000)).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User disabled' });
    }
    expect(bystander.isClosed).toBe(false);
    // And the token no longer opens a socket.
    const retry = track(connect(t, { token: doomed.token }));
    expect(await retry.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'User disabled' });
  });

  it('cuts a deleted user with 4003 "User deleted"', { timeout: 5000 }, async () => {
    const doomed = await createUser(t, adminToken, 'viewer-deleted');
    const socket = track(await connectAccepted(t, { token: doomed.token }));
    const res = await http(t, 'DELETE', `/api/users/${doomed.user.id}`, { token: adminToken });
    expect(res.status).toBe(204);
    expect(await socket.closed(1000)).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User deleted' });
  });
});

describe('live socket shutdown', () => {
  it('closes every socket with 1001 when the app shuts down', { timeout: 15_000 }, async () => {
    const t = await startTestApp({ env: { STATS_INTERVAL_MS: '200' } });
    try {
      const adminToken = await login(t);
      const viewer = await createUser(t, adminToken, 'viewer-shutdown');
      const sockets = await Promise.all([
        connectAccepted(t, { token: adminToken }),
        connectAccepted(t, { token: viewer.token }),
        connectAccepted(t, { token: viewer.token }),
      ]);
      const closing = t.close();
      const closes = await Promise.all(sockets.map((s) => s.closed(5000)));
      await closing;
      expect(closes).toEqual(Array(3).fill({ code: CloseCode.GOING_AWAY, reason: 'Server shutting down' }));
    } finally {
      await t.close();
    }
  });
});
