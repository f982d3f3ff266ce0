import type { WebSocket } from 'ws';
import { LiveConnection, SLOW_READER_BYTES } from './live-connection';
import { maskOf } from './server-messages';

function fakeSocket(bufferedAmount = 0) {
  const sent: string[] = [];
  const socket = {
    readyState: 1,
    bufferedAmount,
    send: vi.fn((data: Buffer) => sent.push(data.toString())),
    terminate: vi.fn(),
    ping: vi.fn(),
    close: vi.fn(),
  };
  return { socket, sent };
}

function connection(socket: object, counter = { sent: 0, slowReaderCutoffs: 0 }): LiveConnection {
  return new LiveConnection(
    'c1',
    socket as unknown as WebSocket,
    { id: 1, username: 'u', role: 'viewer' },
    { expiresAt: 0, version: 3 },
    0,
    20,
    counter,
  );
}

const frame = (text: string): Buffer => Buffer.from(text);

describe('LiveConnection', () => {
  it('sends prepared frames as text and counts them', () => {
    const { socket, sent } = fakeSocket();
    const counter = { sent: 0, slowReaderCutoffs: 0 };
    const live = connection(socket, counter);
    live.goLive();
    expect(live.send(frame('{"type":"x"}'))).toBe(true);
    expect(sent).toEqual(['{"type":"x"}']);
    expect(socket.send).toHaveBeenCalledWith(expect.any(Buffer), { binary: false });
    expect(counter.sent).toBe(1);
  });

  it('terminates a slow reader instead of buffering more, and counts the cut-off', () => {
    const { socket } = fakeSocket(SLOW_READER_BYTES + 1);
    const counter = { sent: 0, slowReaderCutoffs: 0 };
    const live = connection(socket, counter);
    expect(live.send(frame('x'))).toBe(false);
    expect(socket.terminate).toHaveBeenCalled();
    expect(socket.send).not.toHaveBeenCalled();
    expect(counter).toEqual({ sent: 0, slowReaderCutoffs: 1 });
  });

  it('skips sockets that are no longer open', () => {
    const { socket } = fakeSocket();
    socket.readyState = 2;
    expect(connection(socket).send(frame('x'))).toBe(false);
    expect(socket.send).not.toHaveBeenCalled();
  });

  it('holds live messages while starting and flushes only those the replay did not cover', () => {
    const { socket, sent } = fakeSocket();
    const live = connection(socket);
    live.deliverEvent(frame('e5'), 5);
    live.deliverAlert(frame('a1(e5)'), 1, 5);
    live.deliverEvent(frame('e6'), 6);
    live.deliverAlert(frame('a2(e6)'), 2, 6);
    expect(sent).toEqual([]);
    live.sendEvent(frame('e5'), 5);
    live.sendAlert(frame('a1(e5)'), 1, 5);
    live.coveredThrough(5);
    live.goLive();
    expect(sent).toEqual(['e5', 'a1(e5)', 'e6', 'a2(e6)']);
    expect(live.live).toBe(true);
  });

  it('drops, for its whole life, a live message the replay already covered (a bus message in flight)', () => {
    const { socket, sent } = fakeSocket();
    const live = connection(socket);
    live.sendEvent(frame('e8'), 8);
    live.sendAlert(frame('a3(e8)'), 3, 8);
    live.coveredThrough(9);
    live.goLive();
    // Arrive after goLive, yet were stored before the replay read the database.
    live.deliverEvent(frame('e8'), 8);
    live.deliverAlert(frame('a3(e8)'), 3, 8);
    live.deliverEvent(frame('e9'), 9);
    live.deliverEvent(frame('e10'), 10);
    live.deliverEvent(frame('e10'), 10);
    expect(sent).toEqual(['e8', 'a3(e8)', 'e10']);
  });

  it('tracks alerts apart from events: an alert arriving after its event is sent', () => {
    const { socket, sent } = fakeSocket();
    const live = connection(socket);
    live.goLive();
    live.deliverEvent(frame('e7'), 7);
    live.deliverAlert(frame('a4(e7)'), 4, 7);
    live.deliverAlert(frame('a5(e7)'), 5, 7);
    live.deliverAlert(frame('a4(e7)'), 4, 7);
    expect(sent).toEqual(['e7', 'a4(e7)', 'a5(e7)']);
  });

  it('after a resync drops events and alerts up to the newest id it named', () => {
    const { socket, sent } = fakeSocket();
    const live = connection(socket);
    live.deliverEvent(frame('e40'), 40);
    live.deliverAlert(frame('a9(e40)'), 9, 40);
    live.deliverEvent(frame('e41'), 41);
    live.deliverAlert(frame('a10(e41)'), 10, 41);
    live.coveredThrough(40);
    live.goLive();
    expect(sent).toEqual(['e41', 'a10(e41)']);
  });

  it('filters by subscription and answers the types in force', () => {
    const live = connection(fakeSocket().socket);
    expect(live.subscribe(maskOf(['face_unknown', 'motion_detected']))).toEqual(['motion_detected', 'face_unknown']);
    expect(live.wants(maskOf(['face_unknown']))).toBe(true);
    expect(live.wants(maskOf(['camera_offline']))).toBe(false);
    expect(live.unsubscribe(maskOf(['motion_detected']))).toEqual(['face_unknown']);
    expect(live.wants(maskOf(['motion_detected']))).toBe(false);
  });

  it('routes alerts by the current role', () => {
    const live = connection(fakeSocket().socket);
    const admins = { user_id: null, role: 'admin' as const };
    expect(live.isAudienceOf(admins)).toBe(false);
    expect(live.follow('admin', 3)).toBe(true);
    expect(live.isAudienceOf(admins)).toBe(true);
    expect(live.isAudienceOf({ user_id: 2, role: null })).toBe(false);
    expect(live.isAudienceOf({ user_id: 1, role: null })).toBe(true);
  });

  it('does not follow a change that ended its token (a newer token version)', () => {
    const live = connection(fakeSocket().socket);
    expect(live.follow('admin', 4)).toBe(false);
    expect(live.isAudienceOf({ user_id: null, role: 'admin' })).toBe(false);
  });

  it('pings each heartbeat and terminates after a missed pong', () => {
    const { socket } = fakeSocket();
    const live = connection(socket);
    expect(live.ping()).toBe(true);
    live.answered();
    expect(live.ping()).toBe(true);
    expect(socket.ping).toHaveBeenCalledTimes(2);
    expect(live.ping()).toBe(false);
    expect(socket.terminate).toHaveBeenCalledTimes(1);
  });
});
