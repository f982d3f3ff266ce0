import { CloseCode, WS_MAX_MESSAGE_BYTES } from '@argus/shared';
import { TokenVerifier } from '../src/auth/token-verifier';
import { createUser } from './support/realtime-fixtures';
import { test as base } from './support/fixtures';

const RATE = 5;

const test = base
  .override('appOptions', {
    env: { STATS_INTERVAL_MS: '1000', HEARTBEAT_INTERVAL_MS: '1000', WS_MAX_MESSAGES_PER_SECOND: String(RATE) },
  })
  .extend('token', { scope: 'file' }, async ({ t, admin }) => (await createUser(t, admin, 'viewer-limits')).token)
  /** An accepted socket of the viewer's. */
  .extend(
    'open',
    ({ t, token, sockets }) =>
      () =>
        sockets.accepted(t, { token }),
  );
const it = test;

describe('live socket limits and bad input', () => {
  it('answers bad JSON with error bad_json and keeps the socket', { timeout: 5000 }, async ({ open }) => {
    const client = await open();
    client.send('{"type": "ping"');
    expect(await client.next('error')).toEqual({
      type: 'error',
      code: 'bad_json',
      message: 'message is not valid JSON',
    });
    client.send({ type: 'ping', timestamp: 1 });
    expect((await client.next('pong')).timestamp).toBe(1);
  });

  it('answers an unknown type with error unknown_type and keeps the socket', { timeout: 5000 }, async ({ open }) => {
    const client = await open();
    client.send({ type: 'get_all_users' });
    expect(await client.next('error')).toMatchObject({ code: 'unknown_type', message: 'unknown type "get_all_users"' });
    client.send({ type: 'ping', timestamp: 2 });
    expect((await client.next('pong')).timestamp).toBe(2);
  });

  it.for([
    ['a missing type', { event_types: ['face_unknown'] }],
    ['a ping with an object timestamp', { type: 'ping', timestamp: { at: 1 } }],
    ['a subscribe without event_types', { type: 'subscribe' }],
    ['a subscribe with 8 entries', { type: 'subscribe', event_types: Array(8).fill('face_unknown') }],
    ['an auth without a token', { type: 'auth' }],
    ['a JSON array', [1, 2, 3]],
  ])('answers %s with error invalid_message', { timeout: 5000 }, async ([, message], { open }) => {
    const client = await open();
    client.send(message);
    expect(await client.next('error')).toMatchObject({ code: 'invalid_message' });
    client.send({ type: 'ping', timestamp: 3 });
    expect((await client.next('pong')).timestamp).toBe(3);
  });

  it('answers a message whose handling fails unexpectedly with an error, and keeps the socket', async ({
    t,
    token,
    open,
  }) => {
    const client = await open();
    // The database (say) fails while an in-band token is checked.
    vi.spyOn(t.app.get(TokenVerifier), 'authenticate').mockRejectedValueOnce(new Error('connection lost'));
    client.send({ type: 'auth', token });
    expect(await client.next('error')).toEqual({
      type: 'error',
      code: 'invalid_message',
      message: 'message could not be handled: try again',
    });
    client.send({ type: 'ping', timestamp: 4 });
    expect((await client.next('pong')).timestamp).toBe(4);
  });

  it('answers a binary frame with error invalid_message', { timeout: 5000 }, async ({ open }) => {
    const client = await open();
    client.ws.send(Buffer.from('{"type":"ping"}'), { binary: true });
    expect(await client.next('error')).toMatchObject({ code: 'invalid_message' });
    expect(client.isClosed).toBe(false);
  });

  it('accepts a message of exactly 16 KiB and closes 1009 on one byte more', { timeout: 5000 }, async ({ open }) => {
    const client = await open();
    const frame = (size: number): string => {
      const base = '{"type":"ping","timestamp":7,"pad":""}';
      return base.replace('"pad":""', `"pad":"${'x'.repeat(size - base.length)}"`);
    };
    client.send(frame(WS_MAX_MESSAGE_BYTES));
    expect((await client.next('pong')).timestamp).toBe(7);
    client.send(frame(WS_MAX_MESSAGE_BYTES + 1));
    const closed = await client.closed();
    expect(closed.code).toBe(CloseCode.MESSAGE_TOO_BIG);
  });

  it('warns once with rate_limited, then closes 1008 on sustained flooding', { timeout: 5000 }, async ({ open }) => {
    const client = await open();
    // The burst (2 × rate) passes; the next message is dropped with one warning.
    for (let i = 0; i < RATE * 2 + 3; i++) client.send({ type: 'ping', timestamp: i });
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited' });
    await expect.poll(() => client.all('pong').length).toBe(RATE * 2);
    expect(client.all('error')).toHaveLength(1);
    expect(client.isClosed).toBe(false);
    // Keep going: more than two seconds' worth of dropped messages closes the socket.
    for (let i = 0; i < RATE * 3; i++) client.send({ type: 'ping', timestamp: i });
    expect(await client.closed()).toEqual({ code: CloseCode.POLICY_VIOLATION, reason: 'Message rate exceeded' });
  });

  it('lets a client at the rate talk forever', { timeout: 10_000 }, async ({ open }) => {
    const client = await open();
    for (let i = 0; i < RATE * 3; i++) {
      client.send({ type: 'ping', timestamp: i });
      await new Promise((resolve) => setTimeout(resolve, 1000 / RATE + 10));
    }
    await expect.poll(() => client.all('pong').length).toBe(RATE * 3);
    expect(client.all('error')).toHaveLength(0);
  });
});
