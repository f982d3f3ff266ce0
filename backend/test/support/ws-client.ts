import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import { WS_PATH, type ServerMessage, type ServerMessageType } from '@argus/shared';
import type { TestApp } from './test-app';

export type MessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

export interface Closed {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  token?: string;
  /** Extra query parameters, e.g. { last_event_id: '12' }. */
  query?: Record<string, string>;
  /** Subprotocols, e.g. ['bearer', token]. */
  protocols?: string[];
  headers?: Record<string, string>;
  autoPong?: boolean;
  path?: string;
}

/**
 * A real `ws` client that records every message in arrival order (with its arrival
 * time) and lets a test await the next message of a type or the close.
 */
export class WsClient {
  readonly messages: ServerMessage[] = [];
  readonly arrivals: number[] = [];
  /** Resolves when the socket opens; rejects with the HTTP status if the upgrade is refused. */
  readonly opened: Promise<void>;
  private readonly consumed = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private closeInfo: Closed | undefined;
  private readonly closeWaiters = new Set<(closed: Closed) => void>();
  /** HTTP status of a refused upgrade. */
  refusedStatus: number | undefined;

  constructor(
    url: string,
    readonly ws: WebSocket,
  ) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res: IncomingMessage) => {
        this.refusedStatus = res.statusCode;
        res.resume();
        reject(new Error(`upgrade refused with HTTP ${res.statusCode}`));
      });
      ws.once('error', (error) => reject(error));
    });
    // Tests assert on the rejection when they care.
    this.opened.catch(() => undefined);
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error(`binary frame from ${url}`);
      this.messages.push(JSON.parse((data as Buffer).toString('utf8')) as ServerMessage);
      this.arrivals.push(performance.now());
      for (const wake of this.waiters) wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString('utf8') };
      for (const wake of this.closeWaiters) wake(this.closeInfo);
      for (const wake of this.waiters) wake();
    });
  }

  get isClosed(): boolean {
    return this.closeInfo !== undefined;
  }

  /** Messages of one type received so far. */
  all<T extends ServerMessageType>(type: T): MessageOf<T>[] {
    return this.messages.filter((m): m is MessageOf<T> => m.type === type);
  }

  /** The next not yet consumed message of `type` (consumes it). */
  next<T extends ServerMessageType>(type: T, timeoutMs = 3000): Promise<MessageOf<T>> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const from = this.consumed.get(type) ?? -1;
        const index = this.messages.findIndex((m, i) => i > from && m.type === type);
        if (index >= 0) {
          this.consumed.set(type, index);
          resolve(this.messages[index] as MessageOf<T>);
          return true;
        }
        if (this.closeInfo !== undefined) {
          reject(new Error(`socket closed (${this.closeInfo.code} ${this.closeInfo.reason}) before a ${type} message`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(
          new Error(`no ${type} message within ${timeoutMs} ms; got ${this.messages.map((m) => m.type).join(',')}`),
        );
      }, timeoutMs);
      const wake = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.waiters.delete(wake);
        }
      };
      this.waiters.add(wake);
    });
  }

  /** Resolves with the close code and reason. */
  closed(timeoutMs = 3000): Promise<Closed> {
    if (this.closeInfo !== undefined) return Promise.resolve(this.closeInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.closeWaiters.delete(done);
        reject(new Error(`socket not closed within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (closed: Closed): void => {
        clearTimeout(timer);
        this.closeWaiters.delete(done);
        resolve(closed);
      };
      this.closeWaiters.add(done);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  close(code = 1000, reason = ''): void {
    this.ws.close(code, reason);
  }
}

export function socketUrl(t: Pick<TestApp, 'wsBase'>, options: ConnectOptions = {}): string {
  const params = new URLSearchParams(options.query);
  if (options.token !== undefined) params.set('token', options.token);
  const query = params.toString();
  return `${t.wsBase}${options.path ?? WS_PATH}${query === '' ? '' : `?${query}`}`;
}

/** Opens a socket to the app (not awaited: use `opened`, `next`, `closed`). */
export function connect(t: Pick<TestApp, 'wsBase'>, options: ConnectOptions = {}): WsClient {
  const url = socketUrl(t, options);
  const clientOptions: ClientOptions = { headers: options.headers, autoPong: options.autoPong ?? true };
  const ws = new WebSocket(url, options.protocols ?? [], clientOptions);
  return new WsClient(url, ws);
}

/** Opens a socket and waits for its connection_status (the socket was accepted). */
export async function connectAccepted(t: Pick<TestApp, 'wsBase'>, options: ConnectOptions = {}): Promise<WsClient> {
  const client = connect(t, options);
  await client.next('connection_status', 5000);
  return client;
}

/** Closes every client and waits for the closes. */
export async function closeAll(clients: WsClient[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      if (client.isClosed) return;
      if (client.ws.readyState === WebSocket.CONNECTING) {
        client.ws.terminate();
        return;
      }
      client.close();
      await client.closed(5000).catch(() => client.ws.terminate());
    }),
  );
}
