import type { Socket } from 'node:net';
import { connect as netConnect } from 'node:net';
import { CloseCode, WS_PATH, type WsStatus } from '@argus/shared';
import { createUser, signToken } from './support/realtime-fixtures';
import { ADMIN, http, type TestApp } from './support/test-app';
import { type WsClient } from './support/ws-client';
import { test as base } from './support/fixtures';

/** Sends a raw upgrade request and answers the HTTP status line the server writes. */
function rawUpgradeStatus(t: TestApp, path: string): Promise<string> {
  const { port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket: Socket = netConnect(Number(port), '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data.split('\r\n')[0]));
    socket.on('error', reject);
    socket.setTimeout(3000, () => reject(new Error('no answer')));
  });
}

const test = base
  .override('appOptions', {
    env: { STATS_INTERVAL_MS: '200', HEARTBEAT_INTERVAL_MS: '1000', CORS_ORIGINS: 'https://cams.example.com' },
  })
  .extend('viewerAccount', { scope: 'file' }, async ({ t, admin }) => createUser(t, admin, 'viewer-hs'));
const it = test;

describe('live socket handshake', () => {
  describe('Origin', () => {
    it('refuses a foreign Origin with HTTP 403 and no socket', { timeout: 5000 }, async ({ t, admin, sockets }) => {
      const client = sockets.connect(t, { token: admin, headers: { origin: 'https://evil.example.com' } });
      await expect(client.opened).rejects.toThrow('HTTP 403');
      expect(client.refusedStatus).toBe(403);
      expect(client.messages).toEqual([]);
    });

    it(
      'accepts a configured origin, the own origin and no Origin at all',
      { timeout: 5000 },
      async ({ t, admin, sockets }) => {
        const own = new URL(t.baseUrl).origin;
        const variants: Record<string, string>[] = [{ origin: 'https://cams.example.com' }, { origin: own }, {}];
        for (const headers of variants) {
          const client = sockets.connect(t, { token: admin, headers });
          expect((await client.next('connection_status')).status).toBe('connected');
          client.close();
          await client.closed();
        }
      },
    );

    it('checks the Origin before the token', { timeout: 5000 }, async ({ t, sockets }) => {
      const client = sockets.connect(t, { headers: { origin: 'https://evil.example.com' } });
      await expect(client.opened).rejects.toThrow('HTTP 403');
    });
  });

  it(
    'answers 404 to an upgrade on another path and 400 to a broken handshake',
    { timeout: 5000 },
    async ({ t, admin, sockets }) => {
      expect(await rawUpgradeStatus(t, '/api/ws/other')).toBe('HTTP/1.1 404 Not Found');
      const client = sockets.connect(t, { token: admin, path: '/socket' });
      await expect(client.opened).rejects.toThrow('HTTP 404');
      // The right path with a bad WebSocket key is refused by ws itself.
      const { port } = new URL(t.baseUrl);
      const status = await new Promise<string>((resolve, reject) => {
        const socket = netConnect(Number(port), '127.0.0.1', () => {
          socket.write(
            `GET ${WS_PATH} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
              'Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n',
          );
        });
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('close', () => resolve(data.split('\r\n')[0]));
        socket.on('error', reject);
      });
      expect(status).toBe('HTTP/1.1 400 Bad Request');
    },
  );

  describe('token', () => {
    async function expectUnauthorized(client: WsClient, reason: string): Promise<void> {
      await client.opened;
      expect(await client.closed()).toEqual({ code: CloseCode.UNAUTHORIZED, reason });
      expect(client.messages).toEqual([]);
    }

    it('closes 4001 "Token missing" without a token', { timeout: 5000 }, async ({ t, sockets }) => {
      await expectUnauthorized(sockets.connect(t), 'Token missing');
    });

    it('closes 4001 "Token malformed" for garbage', { timeout: 5000 }, async ({ t, sockets }) => {
      await expectUnauthorized(sockets.connect(t, { token: 'not-a-jwt' }), 'Token malformed');
    });

    it(
      'closes 4001 "Token signature invalid" for a token signed with another key',
      { timeout: 5000 },
      async ({ t, viewerAccount, sockets }) => {
        const forged = signToken(t, { ...viewerAccount.user }, { secret: 'x'.repeat(40) });
        await expectUnauthorized(sockets.connect(t, { token: forged }), 'Token signature invalid');
      },
    );

    it('closes 4001 "Token expired" for an expired token', { timeout: 5000 }, async ({ t, viewerAccount, sockets }) => {
      const expired = signToken(t, viewerAccount.user, { exp: Math.floor(Date.now() / 1000) - 5 });
      await expectUnauthorized(sockets.connect(t, { token: expired }), 'Token expired');
    });

    it('closes 4001 "User disabled" for a disabled user', { timeout: 5000 }, async ({ t, admin, sockets }) => {
      const doomed = await createUser(t, admin, 'viewer-disabled');
      const res = await http(t, 'PATCH', `/api/users/${doomed.user.id}`, {
        token: admin,
        body: { disabled: true },
      });
      expect(res.status).toBe(200);
      await expectUnauthorized(sockets.connect(t, { token: doomed.token }), 'User disabled');
    });

    it(
      'accepts the token as the bearer subprotocol and answers with "bearer"',
      { timeout: 5000 },
      async ({ t, viewerAccount, sockets }) => {
        const client = sockets.connect(t, { protocols: ['bearer', viewerAccount.token] });
        const status = await client.next('connection_status');
        expect(client.ws.protocol).toBe('bearer');
        expect(status.user).toEqual({ id: viewerAccount.user.id, username: viewerAccount.user.username });
      },
    );
  });

  it(
    'sends connection_status then a statistics_update snapshot first',
    { timeout: 5000 },
    async ({ t, viewerAccount, sockets }) => {
      const client = sockets.connect(t, { token: viewerAccount.token });
      await client.next('statistics_update');
      const [first, second] = client.messages;
      expect(first).toMatchObject({
        type: 'connection_status',
        status: 'connected',
        user: { id: viewerAccount.user.id, username: 'viewer-hs' },
        stats_interval_ms: 200,
        heartbeat_interval_ms: 1000,
      });
      if (first.type !== 'connection_status') throw new Error('unreachable');
      expect(first.connection_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Date.parse(first.server_time) - Date.now())).toBeLessThan(5000);
      expect(second).toMatchObject({ type: 'statistics_update', data: { total_cameras: 0 } });
      if (second.type !== 'statistics_update') throw new Error('unreachable');
      expect(Object.keys(second.data).sort()).toEqual(
        [
          'active_cameras',
          'events_today',
          'generated_at',
          'last_recognition',
          'open_alerts',
          'recognitions_today',
          'total_cameras',
          'total_people',
          'unknown_faces_today',
        ].sort(),
      );
    },
  );

  describe('per-user cap', () => {
    it(
      'admits exactly 5 of 10 simultaneous sockets, closing the rest with 4008',
      { timeout: 10_000 },
      async ({ t, admin, sockets }) => {
        const { token } = await createUser(t, admin, 'viewer-cap');
        const batch = Array.from({ length: 10 }, () => sockets.connect(t, { token }));
        const outcomes = await Promise.all(
          batch.map((client) =>
            Promise.race([
              client.next('connection_status', 5000).then(() => 'open' as const),
              client.closed(5000).then((closed) => closed),
            ]),
          ),
        );
        const open = batch.filter((_, i) => outcomes[i] === 'open');
        const refused = outcomes.filter((o) => o !== 'open');
        expect(open).toHaveLength(5);
        expect(refused).toEqual(
          Array(5).fill({ code: CloseCode.CONNECTION_LIMIT, reason: 'Connection limit exceeded (5 per user)' }),
        );
        for (const client of batch.filter((_, i) => outcomes[i] !== 'open')) expect(client.messages).toEqual([]);

        // Closing two frees two slots, and only two.
        open[0].close();
        open[1].ws.terminate();
        await Promise.all([open[0].closed(), open[1].closed()]);
        await expect
          .poll(async () => {
            const res = await http<WsStatus>(t, 'GET', '/api/ws/status', { token });
            return res.body.user_connections;
          })
          .toBe(3);
        const again = Array.from({ length: 3 }, () => sockets.connect(t, { token }));
        const second = await Promise.all(
          again.map((client) =>
            Promise.race([
              client.next('connection_status', 5000).then(() => 'open'),
              client.closed(5000).then((c) => c.code),
            ]),
          ),
        );
        expect(second.filter((o) => o === 'open')).toHaveLength(2);
        expect(second.filter((o) => o === CloseCode.CONNECTION_LIMIT)).toHaveLength(1);
      },
    );

    it('counts users separately', { timeout: 10_000 }, async ({ t, admin, sockets }) => {
      const a = await createUser(t, admin, 'viewer-cap-a');
      const b = await createUser(t, admin, 'viewer-cap-b');
      // Five each: had the cap counted both users together, five of these would be refused.
      await Promise.all(
        [...Array(5).fill(a.token), ...Array(5).fill(b.token)].map((token: string) => sockets.accepted(t, { token })),
      );
      for (const token of [a.token, b.token]) {
        const res = await http<WsStatus>(t, 'GET', '/api/ws/status', { token });
        expect(res.body.user_connections).toBe(5);
      }
    });
  });

  it('closes normally with 1000 and releases the slot', { timeout: 5000 }, async ({ t, admin, sockets }) => {
    const { token } = await createUser(t, admin, 'viewer-normal');
    const client = await sockets.accepted(t, { token });
    client.close(1000, 'bye');
    expect(await client.closed()).toEqual({ code: 1000, reason: 'bye' });
    await expect
      .poll(async () => (await http<WsStatus>(t, 'GET', '/api/ws/status', { token })).body.user_connections)
      .toBe(0);
  });

  it('never lets the admin password or token appear in a refusal reason', { timeout: 5000 }, async ({ t, sockets }) => {
    const client = sockets.connect(t, { token: `${ADMIN.password}.x.y` });
    const closed = await client.closed();
    expect(closed.code).toBe(CloseCode.UNAUTHORIZED);
    expect(closed.reason).not.toContain(ADMIN.password);
  });
});
