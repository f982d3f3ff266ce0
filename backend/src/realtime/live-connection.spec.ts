import type { WebSocket } from 'ws';
import { LiveConnection, SLOW_READER_BYTES } from './live-connection';

function fakeSocket(bufferedAmount = 0) {
  const sent: string[] = [];
  const socket = {
    readyState: 1,
    bufferedAmount,
    send: vi.fn((data: Buffer) => sent.push(data.toString())),
    terminate: vi.fn(),
  };
  return { socket, sent };
}

function connection(socket: object, counter = { sent: 0 }): LiveConnection {
  return new LiveConnection(
    'c1',
    socket as unknown as WebSocket,
    { id: 1, username: 'u', role: 'viewer' },
    0,
    0,
    20,
    counter,
  );
}

describe('LiveConnection', () => {
  it('sends prepared frames as text and counts them', () => {
    const { socket, sent } = fakeSocket();
    const counter = { sent: 0 };
    const live = connection(socket, counter);
    live.goLive();
    expect(live.send(Buffer.from('{"type":"x"}'))).toBe(true);
    expect(sent).toEqual(['{"type":"x"}']);
    expect(socket.send).toHaveBeenCalledWith(expect.any(Buffer), { binary: false });
    expect(counter.sent).toBe(1);
  });

  it('terminates a slow reader instead of buffering more', () => {
    const { socket } = fakeSocket(SLOW_READER_BYTES + 1);
    const live = connection(socket);
    expect(live.send(Buffer.from('x'))).toBe(false);
    expect(socket.terminate).toHaveBeenCalled();
    expect(socket.send).not.toHaveBeenCalled();
  });

  it('skips sockets that are no longer open', () => {
    const { socket } = fakeSocket();
    socket.readyState = 2;
    expect(connection(socket).send(Buffer.from('x'))).toBe(false);
    expect(socket.send).not.toHaveBeenCalled();
  });

  it('queues live messages while starting and flushes only those newer than the replay', () => {
    const { socket, sent } = fakeSocket();
    const live = connection(socket);
    live.deliver(Buffer.from('e5'), 5);
    live.deliver(Buffer.from('a5'), 5);
    live.deliver(Buffer.from('e6'), 6);
    expect(sent).toEqual([]);
    live.replayed(5);
    live.goLive();
    expect(sent).toEqual(['e6']);
    live.deliver(Buffer.from('e7'), 7);
    expect(sent).toEqual(['e6', 'e7']);
    expect(live.live).toBe(true);
  });
});
