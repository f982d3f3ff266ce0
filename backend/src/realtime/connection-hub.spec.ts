import type { WebSocket } from 'ws';
import type { Alert, CameraEvent, Role } from '@argus/shared';
import { EventBus, type BusHandler, type BusMessage } from '../bus/event-bus';
import { Clock } from '../common/time';
import { BusRelay } from './bus-relay';
import { ConnectionHub } from './connection-hub';
import type { EventFeed } from './event-feed';
import { LiveConnection } from './live-connection';
import { maskOf } from './server-messages';

class FakeBus extends EventBus {
  handler: BusHandler = () => undefined;
  publish(message: BusMessage): Promise<void> {
    this.handler(message);
    return Promise.resolve();
  }
  subscribe(handler: BusHandler): () => void {
    this.handler = handler;
    return () => undefined;
  }
}

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-11-23T08:00:00.000Z');
  }
}

function socket() {
  const frames: unknown[] = [];
  const ws = {
    readyState: 1,
    bufferedAmount: 0,
    send: (data: Buffer) => frames.push(JSON.parse(data.toString())),
    close: vi.fn(),
    terminate: vi.fn(),
    ping: vi.fn(),
  };
  return { ws, frames };
}

/** An accepted socket; its user was read after `mark` (default: now). */
function open(hub: ConnectionHub, userId: number, role: Role, version = 0, mark = hub.userChangeMark()) {
  const { ws, frames } = socket();
  const connection = new LiveConnection(
    `c${Math.random()}`,
    ws as unknown as WebSocket,
    { id: userId, username: `u${userId}`, role },
    { expiresAt: 0, version },
    0,
    20,
    hub.counter,
  );
  hub.add(connection, mark);
  connection.goLive();
  return { connection, ws, frames };
}

const event: CameraEvent = {
  id: 7,
  camera_id: 1,
  camera_name: 'Gate',
  event_type: 'camera_offline',
  occurred_at: '2026-11-23T08:00:00.000Z',
  data: {},
  has_snapshot: false,
};
const alert: Alert = {
  id: 3,
  event_id: 7,
  rule_id: 2,
  camera_id: 1,
  camera_name: 'Gate',
  event_type: 'camera_offline',
  severity: 'critical',
  message: 'Camera Gate went offline',
  created_at: '2026-11-23T08:00:00.000Z',
  status: 'open',
  acknowledged_at: null,
  acknowledged_by: null,
};

// User changes through BusRelay, as in the app; events and alerts as the EventFeed delivers them.
describe('ConnectionHub', () => {
  let bus: FakeBus;
  let hub: ConnectionHub;
  let wake: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    bus = new FakeBus();
    hub = new ConnectionHub(new FixedClock());
    wake = vi.fn();
    new BusRelay(bus, hub, { wake } as unknown as EventFeed).onModuleInit();
  });

  it('passes an events_stored wake-up to the feed', async () => {
    await bus.publish({ kind: 'events_stored', last_id: 12 });
    expect(wake).toHaveBeenCalledWith('bus', 12);
  });

  it('sends a camera event to every socket whose filter has its type', () => {
    const a = open(hub, 1, 'admin');
    const b = open(hub, 2, 'viewer');
    b.connection.subscribe(maskOf(['face_unknown']));
    hub.deliverCameraEvent(event);
    expect(a.frames).toEqual([{ type: 'camera_event', timestamp: '2026-11-23T08:00:00.000Z', ...event }]);
    expect(b.frames).toEqual([]);
    expect(hub.counter.sent).toBe(1);
  });

  it('sends an alert only to its audience', () => {
    const admin = open(hub, 1, 'admin');
    const viewer = open(hub, 2, 'viewer');
    const other = open(hub, 3, 'viewer');
    hub.deliverAlert(alert, { user_id: null, role: 'admin' });
    hub.deliverAlert({ ...alert, id: 4 }, { user_id: 3, role: null });
    hub.deliverAlert({ ...alert, id: 5 }, { user_id: null, role: null });
    const ids = (frames: unknown[]) => frames.map((f) => (f as { id: number }).id);
    expect(ids(admin.frames)).toEqual([3, 5]);
    expect(ids(viewer.frames)).toEqual([5]);
    expect(ids(other.frames)).toEqual([4, 5]);
  });

  it('sends alert_updated to the audience whatever their filter, and holds it while a socket starts', async () => {
    const update = { id: 3, acknowledged_at: '2026-11-23T08:01:00.000Z', acknowledged_by: { id: 2, username: 'u2' } };
    const admin = open(hub, 1, 'admin');
    admin.connection.subscribe(maskOf(['face_unknown']));
    const viewer = open(hub, 2, 'viewer');
    // A socket still starting (its replay under way) gets the update after the replay.
    const { ws, frames: starting } = socket();
    const joining = new LiveConnection(
      'j',
      ws as unknown as WebSocket,
      { id: 4, username: 'u4', role: 'admin' },
      { expiresAt: 0, version: 0 },
      0,
      20,
      hub.counter,
    );
    hub.add(joining, hub.userChangeMark());
    await bus.publish({ kind: 'alert_updated', update, audience: { user_id: null, role: 'admin' } });
    const expected = { type: 'alert_updated', timestamp: '2026-11-23T08:00:00.000Z', ...update };
    expect(admin.frames).toEqual([expected]);
    expect(viewer.frames).toEqual([]);
    expect(starting).toEqual([]);
    joining.sendEvent(Buffer.from(JSON.stringify({ type: 'camera_event', id: 1 })), 1);
    joining.goLive();
    expect(starting).toEqual([{ type: 'camera_event', id: 1 }, expected]);
  });

  it("closes every socket of a revoked user with 4003, and nobody else's", async () => {
    const a1 = open(hub, 1, 'viewer');
    const a2 = open(hub, 1, 'viewer');
    const b = open(hub, 2, 'viewer');
    await bus.publish({ kind: 'user_revoked', user_id: 1, reason: 'deleted' });
    expect(a1.ws.close).toHaveBeenCalledWith(4003, 'User deleted');
    expect(a2.ws.close).toHaveBeenCalledWith(4003, 'User deleted');
    expect(b.ws.close).not.toHaveBeenCalled();
  });

  it('routes alerts by the role a user has now: a demoted admin stops getting admin alerts at once', async () => {
    const demoted = open(hub, 1, 'admin');
    const promoted = open(hub, 2, 'viewer');
    await bus.publish({ kind: 'user_updated', user_id: 1, role: 'viewer', token_version: 0 });
    await bus.publish({ kind: 'user_updated', user_id: 2, role: 'admin', token_version: 0 });
    hub.deliverAlert(alert, { user_id: null, role: 'admin' });
    expect(demoted.frames).toEqual([]);
    expect((promoted.frames as Array<{ id: number }>).map((f) => f.id)).toEqual([alert.id]);
    expect(demoted.ws.close).not.toHaveBeenCalled();
  });

  it('closes 4001 the sockets whose token predates a password change, and only those', async () => {
    const old = open(hub, 1, 'viewer', 0);
    const renewed = open(hub, 1, 'viewer', 1);
    const other = open(hub, 2, 'viewer', 0);
    await bus.publish({ kind: 'user_updated', user_id: 1, role: 'viewer', token_version: 1 });
    expect(old.ws.close).toHaveBeenCalledWith(4001, 'Token revoked by a password change');
    expect(renewed.ws.close).not.toHaveBeenCalled();
    expect(other.ws.close).not.toHaveBeenCalled();
  });

  it('applies a change that arrived while a joining socket’s user was being read', async () => {
    const mark = hub.userChangeMark();
    // Delivered after the handshake read the user (as admin, version 0), before it joined.
    await bus.publish({ kind: 'user_updated', user_id: 1, role: 'viewer', token_version: 0 });
    await bus.publish({ kind: 'user_updated', user_id: 2, role: 'viewer', token_version: 5 });
    await bus.publish({ kind: 'user_revoked', user_id: 3, reason: 'disabled' });
    const demoted = open(hub, 1, 'admin', 0, mark);
    const revoked = open(hub, 2, 'viewer', 0, mark);
    const disabled = open(hub, 3, 'viewer', 0, mark);
    // Changes seen before the read are already in what was read: not applied again.
    const later = open(hub, 3, 'viewer');
    hub.deliverAlert(alert, { user_id: null, role: 'admin' });
    expect(demoted.frames).toEqual([]);
    expect(revoked.ws.close).toHaveBeenCalledWith(4001, 'Token revoked by a password change');
    expect(disabled.ws.close).toHaveBeenCalledWith(4003, 'User disabled');
    expect(later.ws.close).not.toHaveBeenCalled();
  });

  it('broadcasts the same frame to live sockets only', () => {
    const live = open(hub, 1, 'viewer');
    const { ws } = socket();
    const starting = new LiveConnection(
      's',
      ws as unknown as WebSocket,
      { id: 2, username: 'b', role: 'viewer' },
      { expiresAt: 0, version: 0 },
      0,
      20,
      hub.counter,
    );
    hub.add(starting, hub.userChangeMark());
    hub.broadcast(Buffer.from('{"type":"statistics_update"}'));
    expect(live.frames).toEqual([{ type: 'statistics_update' }]);
  });

  it('terminates sockets that missed the previous heartbeat and pings the rest', () => {
    const quiet = open(hub, 1, 'viewer');
    const chatty = open(hub, 2, 'viewer');
    hub.heartbeat();
    expect(quiet.ws.ping).toHaveBeenCalledTimes(1);
    chatty.connection.answered(); // its pong arrived
    hub.heartbeat();
    expect(quiet.ws.terminate).toHaveBeenCalled();
    expect(chatty.ws.terminate).not.toHaveBeenCalled();
    expect(chatty.ws.ping).toHaveBeenCalledTimes(2);
  });

  it('forgets removed sockets', () => {
    const a = open(hub, 1, 'viewer');
    hub.remove(a.connection);
    hub.deliverCameraEvent(event);
    expect(a.frames).toEqual([]);
    expect(hub.size).toBe(0);
  });
});
