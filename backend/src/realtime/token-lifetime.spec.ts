import type { WebSocket } from 'ws';
import type { TokenVerifier } from '../auth/token-verifier';
import { ManualClock } from '../../test/support/manual-clock';
import { ConnectionHub } from './connection-hub';
import { LiveConnection } from './live-connection';
import { TokenLifetime } from './token-lifetime';

const T0 = Date.parse('2026-11-23T08:00:00.000Z');

let hub: ConnectionHub;

/** An accepted socket (in the hub, as the handshake leaves it) whose token expires at `expSeconds`. */
function socketExpiringAt(expSeconds: number) {
  const ws = { readyState: 1, close: vi.fn() };
  const connection = new LiveConnection(
    `c${expSeconds}`,
    ws as unknown as WebSocket,
    { id: 1, username: 'u', role: 'viewer' },
    { expiresAt: expSeconds, version: 0 },
    0,
    20,
    { sent: 0, slowReaderCutoffs: 0 },
  );
  hub.add(connection, 0);
  return { ws, connection };
}

describe('TokenLifetime', () => {
  let clock: ManualClock;
  let lifetime: TokenLifetime;
  beforeEach(() => {
    clock = new ManualClock(T0);
    hub = new ConnectionHub(clock);
    lifetime = new TokenLifetime({} as TokenVerifier, hub, clock);
  });

  it('closes a socket 4001 "Token expired" when its token expires, not before', () => {
    const { ws, connection } = socketExpiringAt(T0 / 1000 + 60);
    lifetime.track(connection);
    clock.advance(59_999);
    expect(ws.close).not.toHaveBeenCalled();
    clock.advance(1);
    expect(ws.close).toHaveBeenCalledWith(4001, 'Token expired');
  });

  it('closes each socket at its own expiry, whatever order they were tracked in', () => {
    const late = socketExpiringAt(T0 / 1000 + 120);
    const early = socketExpiringAt(T0 / 1000 + 30);
    const sameSecond = socketExpiringAt(T0 / 1000 + 30);
    lifetime.track(late.connection);
    lifetime.track(early.connection);
    lifetime.track(sameSecond.connection);
    clock.advance(30_000);
    expect(early.ws.close).toHaveBeenCalledTimes(1);
    expect(sameSecond.ws.close).toHaveBeenCalledTimes(1);
    expect(late.ws.close).not.toHaveBeenCalled();
    clock.advance(90_000);
    expect(late.ws.close).toHaveBeenCalledWith(4001, 'Token expired');
  });

  it('forgets a socket that left the hub (closed)', () => {
    const gone = socketExpiringAt(T0 / 1000 + 10);
    const stays = socketExpiringAt(T0 / 1000 + 10);
    lifetime.track(gone.connection);
    lifetime.track(stays.connection);
    hub.remove(gone.connection);
    clock.advance(10_000);
    expect(gone.ws.close).not.toHaveBeenCalled();
    expect(stays.ws.close).toHaveBeenCalledTimes(1);
  });

  it('follows a renewal: closed at the new expiry, not the old one', () => {
    const { ws, connection } = socketExpiringAt(T0 / 1000 + 10);
    lifetime.track(connection);
    clock.advance(5_000);
    connection.renew({ expiresAt: T0 / 1000 + 40, version: 0 }, 'viewer');
    lifetime.track(connection);
    clock.advance(5_000);
    expect(ws.close).not.toHaveBeenCalled();
    clock.advance(29_999);
    expect(ws.close).not.toHaveBeenCalled();
    clock.advance(1);
    expect(ws.close).toHaveBeenCalledWith(4001, 'Token expired');
  });

  it('closes at once (asynchronously) a socket whose token is already past expiry', () => {
    const { ws, connection } = socketExpiringAt(T0 / 1000 - 1);
    lifetime.track(connection);
    expect(ws.close).not.toHaveBeenCalled();
    clock.advance(0);
    expect(ws.close).toHaveBeenCalledWith(4001, 'Token expired');
  });
});
