import { CloseCode } from '@argus/shared';
import { ManualClock } from './support/manual-clock';
import { createUser, signToken } from './support/realtime-fixtures';
import { http, login, startTestApp } from './support/test-app';
import { connect, connectAccepted, type WsClient } from './support/ws-client';
import { test as base } from './support/fixtures';

const HEARTBEAT_MS = 300;

// Token lifetimes run on this clock: tests advance it instead of waiting.
const clock = new ManualClock();

const test = base
  .override('appOptions', { env: { STATS_INTERVAL_MS: '1000', HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS) }, clock })
  .extend('viewerAccount', { scope: 'file' }, async ({ t, admin }) => createUser(t, admin, 'viewer-life'))
  /** A token expiring `seconds` after the manual clock's now. */
  .extend('expiringIn', { scope: 'file' }, ({ t, viewerAccount }) => {
    return (seconds: number): string =>
      signToken(t, viewerAccount.user, { exp: Math.floor(clock.now().getTime() / 1000) + seconds });
  });
const it = test;

describe('live socket lifetime', () => {
  /** The socket still answers (a ping/pong round trip). */
  const stillOpen = async (client: WsClient, stamp: string): Promise<void> => {
    client.send({ type: 'ping', timestamp: stamp });
    expect((await client.next('pong')).timestamp).toBe(stamp);
  };

  it(
    'terminates a client that never answers pings, and keeps one that does',
    { timeout: 5000 },
    async ({ t, viewerAccount, sockets }) => {
      const started = performance.now();
      const silent = sockets.connect(t, { token: viewerAccount.token, autoPong: false });
      const healthy = await sockets.accepted(t, { token: viewerAccount.token });
      await silent.next('connection_status');
      const closed = await silent.closed(HEARTBEAT_MS * 4);
      // Terminated, not closed: no close frame reaches the client.
      expect(closed.code).toBe(1006);
      // The first ping goes out at a heartbeat after the socket opened; termination one later.
      expect(performance.now() - started).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.9);
      expect(healthy.isClosed).toBe(false);
    },
  );

  it(
    'closes 4001 "Token expired" when the token runs out, not before',
    { timeout: 5000 },
    async ({ t, sockets, expiringIn }) => {
      const client = await sockets.accepted(t, { token: expiringIn(60) });
      clock.advance(58_000);
      await stillOpen(client, 'before-expiry');
      clock.advance(2_000);
      expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token expired' });
    },
  );

  it(
    'keeps a socket past its first token when refreshed in-band with the same user',
    { timeout: 5000 },
    async ({ t, sockets, expiringIn }) => {
      const client = await sockets.accepted(t, { token: expiringIn(60) });
      const fresh = expiringIn(120);
      client.send({ type: 'auth', token: fresh });
      const ok = await client.next('auth_ok');
      expect(ok.expires_at).toBe(
        new Date(JSON.parse(Buffer.from(fresh.split('.')[1], 'base64url').toString()).exp * 1000).toISOString(),
      );
      // Past the first token's expiry the socket still answers; past the second's it is closed.
      clock.advance(61_000);
      await stillOpen(client, 'still-here');
      clock.advance(60_000);
      expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token expired' });
    },
  );

  it(
    'answers an invalid refresh token with an error and keeps the socket',
    { timeout: 5000 },
    async ({ t, viewerAccount, sockets }) => {
      const client = await sockets.accepted(t, { token: viewerAccount.token });
      client.send({ type: 'auth', token: signToken(t, viewerAccount.user, { secret: 'y'.repeat(40) }) });
      expect(await client.next('error')).toMatchObject({
        code: 'invalid_message',
        message: 'auth rejected: Token signature invalid',
      });
      client.send({ type: 'ping', timestamp: 1 });
      expect((await client.next('pong')).timestamp).toBe(1);
    },
  );

  it(
    "closes 4001 when the refresh token is another user's",
    { timeout: 5000 },
    async ({ t, admin, viewerAccount, sockets }) => {
      const client = await sockets.accepted(t, { token: viewerAccount.token });
      client.send({ type: 'auth', token: admin });
      expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'Token belongs to another user' });
    },
  );

  it(
    'cuts every socket of a disabled user with 4003 at once, and only theirs',
    { timeout: 5000 },
    async ({ t, admin, viewerAccount, sockets }) => {
      const doomed = await createUser(t, admin, 'viewer-doomed');
      const theirs = [
        await sockets.accepted(t, { token: doomed.token }),
        await sockets.accepted(t, { token: doomed.token }),
      ];
      const bystander = await sockets.accepted(t, { token: viewerAccount.token });
      const res = await http(t, 'PATCH', `/api/users/${doomed.user.id}`, { token: admin, body: { disabled: true } });
      expect(res.status).toBe(200);
      for (const socket of theirs) {
        expect(await socket.closed(1000)).toEqual({ code: CloseCode.USER_DISABLED, reason: 'User disabled' });
      }
      expect(bystander.isClosed).toBe(false);
      // And the token no longer opens a socket.
      const retry = sockets.connect(t, { token: doomed.token });
      expect(await retry.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason: 'User disabled' });
    },
  );

  it('cuts a deleted user with 4003 "User deleted"', { timeout: 5000 }, async ({ t, admin, sockets }) => {
    const doomed = await createUser(t, admin, 'viewer-deleted');
    const socket = await sockets.accepted(t, { token: doomed.token });
    const res = await http(t, 'DELETE', `/api/users/${doomed.user.id}`, { token: admin });
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

  it('answers 503 to an upgrade while it waits for sockets to close', { timeout: 15_000 }, async () => {
    const t = await startTestApp({ env: { STATS_INTERVAL_MS: '60000' } });
    try {
      const token = await login(t);
      const slow = await connectAccepted(t, { token });
      // This client reads nothing more, so it never answers the 1001: shutdown waits for it.
      slow.ws.pause();
      const closing = t.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const late = connect(t, { token });
      await expect(late.opened).rejects.toThrow('HTTP 503');
      await closing;
    } finally {
      await t.close();
    }
  });
});
