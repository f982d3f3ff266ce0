import { vi } from 'vitest';
import type { SocketLike } from '@/realtime/live-socket';
import type { LiveTimers } from '@/realtime/timers';
import type { LiveSession } from '@/realtime/types';

// Fakes for the live client's ports: a WebSocket the test drives by hand, a session, and the
// clock on vitest's fake timers.

export class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.instances.push(this);
  }

  static reset(): void {
    FakeSocket.instances = [];
  }

  static last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (socket === undefined) throw new Error('no socket was created');
    return socket;
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The server accepts: open, then connection_status first (contract §3). */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
    this.receive({
      type: 'connection_status',
      status: 'connected',
      connection_id: 'c1',
      user: { id: 1, username: 'admin' },
      stats_interval_ms: 5000,
      heartbeat_interval_ms: 30000,
      server_time: new Date().toISOString(),
    });
  }

  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** The server (or the network) ends the socket. */
  drop(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** A session like lib/session's: a refused renewal ends it. */
export function fakeSession(initial = 'token-1') {
  let token: string | null = initial;
  const listeners = new Set<() => void>();
  const session = {
    token: () => token,
    renew: vi.fn<() => Promise<string>>(() => {
      token = `${token}+`;
      return Promise.resolve(token);
    }),
    end: vi.fn((_reason: 'expired' | 'disabled') => {
      token = null;
    }),
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** A renewal elsewhere (the scheduled one, the api client) stored a new token. */
    setToken(next: string) {
      token = next;
      for (const listener of listeners) listener();
    },
    /** The session store answers renew() with a refusal, and the session is over. */
    refuseRenewal() {
      session.renew.mockImplementation(() => {
        token = null;
        return Promise.reject(new Error('401'));
      });
    },
  } satisfies LiveSession & Record<string, unknown>;
  return session;
}

/** The live client's clock on vitest's (fake) timers. */
export const testTimers: LiveTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
