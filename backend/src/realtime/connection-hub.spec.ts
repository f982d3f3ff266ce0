import type { WebSocket } from 'ws';
import type { Alert, CameraEvent, Role } from '@argus/shared';
import type { BusHandler, BusMessage } from '../bus/event-bus';
import { EventBus } from '../bus/event-bus';
import { Clock } from '../common/time';
import { ConnectionHub } from './connection-hub';
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

const clock: Clock = { now: () => new Date('2026-11-23T08:00:00.000Z') };

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

function open(hub: ConnectionHub, userId: number, role: Role) {
  const { ws, frames } = socket();
  const connection = new LiveConnection(
    `c${Math.random()}`,
    ws as unknown as WebSocket,
    { id: userId, username: `u${userId}`, role },
    0,
    0,
    20,
    hub.counter,
  );
  hub.add(connection);
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

describe('ConnectionHub', () => {
  let bus: FakeBus;
  let hub: ConnectionHub;

  beforeEach(() => {
    bus = new FakeBus();
    hub = new ConnectionHub(bus, clock);
    hub.onModuleInit();
  });

  it('sends a camera event to every socket whose filter has its type', async () => {
    const a = open(hub, 1, 'admin');
    const b = open(hub, 2, 'viewer');
    b.connection.filter = maskOf(['face_unknown']);
    await bus.publish({ kind: 'camera_event', event });
    expect(a.frames).toEqual([{ type: 'camera_event', timestamp: '2026-11-23T08:00:00.000Z', ...event }]);
    expect(b.frames).toEqual([]);
    expect(hub.counter.sent).toBe(1);
  });

  it('sends an alert only to its audience', async () => {
    const admin = open(hub, 1, 'admin');
    const viewer = open(hub, 2, 'viewer');
    const other = open(hub, 3, 'viewer');
    await bus.publish({ kind: 'alert', alert, audience: { user_id: null, role: 'admin' } });
    await bus.publish({ kind: 'alert', alert: { ...alert, id: 4 }, audience: { user_id: 3, role: null } });
    await bus.publish({ kind: 'alert', alert: { ...alert, id: 5 }, audience: { user_id: null, role: null } });
    const ids = (frames: unknown[]) => frames.map((f) => (f as { id: number }).id);
    expect(ids(admin.frames)).toEqual([3, 5]);
    expect(ids(viewer.frames)).toEqual([5]);
    expect(ids(other.frames)).toEqual([4, 5]);
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

  it('broadcasts the same frame to live sockets only', () => {
    const live = open(hub, 1, 'viewer');
    const { ws } = socket();
    const starting = new LiveConnection(
      's',
      ws as unknown as WebSocket,
      { id: 2, username: 'b', role: 'viewer' },
      0,
      0,
      20,
      hub.counter,
    );
    hub.add(starting);
    hub.broadcast(Buffer.from('{"type":"statistics_update"}'));
    expect(live.frames).toEqual([{ type: 'statistics_update' }]);
  });

  it('terminates sockets that missed the previous heartbeat and pings the rest', () => {
    const quiet = open(hub, 1, 'viewer');
    const chatty = open(hub, 2, 'viewer');
    hub.heartbeat();
    expect(quiet.ws.ping).toHaveBeenCalledTimes(1);
    chatty.connection.alive = true; // its pong arrived
    hub.heartbeat();
    expect(quiet.ws.terminate).toHaveBeenCalled();
    expect(chatty.ws.terminate).not.toHaveBeenCalled();
    expect(chatty.ws.ping).toHaveBeenCalledTimes(2);
  });

  it('forgets removed sockets', async () => {
    const a = open(hub, 1, 'viewer');
    hub.remove(a.connection);
    await bus.publish({ kind: 'camera_event', event });
    expect(a.frames).toEqual([]);
    expect(hub.size).toBe(0);
  });
});
