import WebSocket from 'ws';
import { WS_BEARER_PROTOCOL, WS_MAX_MESSAGE_BYTES, WS_PATH } from '@argus/shared';
import { Fuzz } from './fuzz-values';

/** What a socket did: still serving, closed with a code, or gone silent. */
export type SocketOutcome = { kind: 'serving' } | { kind: 'closed'; code: number; reason: string } | { kind: 'silent' };

/**
 * A raw `ws` client for the fuzz: it sends anything (binary, oversize, broken UTF-8) and
 * proves the server still serves it with a ping whose pong must come back.
 */
export class FuzzSocket {
  private closed: { code: number; reason: string } | undefined;
  private readonly pongs = new Set<string>();
  private readonly wake = new Set<() => void>();
  private statusSeen = false;
  private probes = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; timestamp?: unknown };
      if (message.type === 'connection_status') this.statusSeen = true;
      if (message.type === 'pong' && typeof message.timestamp === 'string') this.pongs.add(message.timestamp);
      this.wake.forEach((wake) => wake());
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.closed ??= { code, reason: reason.toString('utf8') };
      this.wake.forEach((wake) => wake());
    });
    // A refused upgrade is recorded as the negative HTTP status.
    ws.on('unexpected-response', (request, response) => {
      this.closed = { code: -(response.statusCode ?? 0), reason: `upgrade refused with HTTP ${response.statusCode}` };
      response.resume();
      request.destroy();
      this.wake.forEach((wake) => wake());
    });
  }

  /** Opens a socket to `wsBase`; `query` is appended as is (already encoded). */
  static open(wsBase: string, token: string | undefined, query = ''): FuzzSocket {
    const protocols = token === undefined ? [] : [WS_BEARER_PROTOCOL, token];
    return new FuzzSocket(new WebSocket(`${wsBase}${WS_PATH}${query}`, protocols));
  }

  get isOpen(): boolean {
    return this.closed === undefined && this.ws.readyState === WebSocket.OPEN;
  }

  /** Waits for the first message of an accepted socket, or for the refusal. */
  accepted(timeoutMs: number): Promise<SocketOutcome> {
    return this.until(() => this.statusSeen, timeoutMs);
  }

  /** Sends a ping and waits for its pong: 'serving', or how the socket ended. */
  probe(timeoutMs: number): Promise<SocketOutcome> {
    // Closing already (the close frame is on its way): wait for it.
    if (!this.isOpen) return this.until(() => false, timeoutMs);
    const stamp = `probe-${++this.probes}`;
    this.ws.send(JSON.stringify({ type: 'ping', timestamp: stamp }));
    return this.until(() => this.pongs.has(stamp), timeoutMs);
  }

  /** How the socket ended, if it has. */
  get closeInfo(): { code: number; reason: string } | undefined {
    return this.closed;
  }

  /** Serving unless the socket closes within `ms` (for failures that land after a first answer). */
  settle(ms: number): Promise<SocketOutcome> {
    return this.until(() => false, ms).then((outcome) => (outcome.kind === 'silent' ? { kind: 'serving' } : outcome));
  }

  send(data: string | Buffer, binary: boolean): void {
    if (this.isOpen) this.ws.send(data, { binary });
  }

  close(): void {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close();
  }

  private outcome(done: boolean): SocketOutcome {
    if (done) return { kind: 'serving' };
    return this.closed === undefined ? { kind: 'silent' } : { kind: 'closed', ...this.closed };
  }

  private until(done: () => boolean, timeoutMs: number): Promise<SocketOutcome> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (!done() && this.closed === undefined) return false;
        clearTimeout(timer);
        this.wake.delete(wakeUp);
        resolve(this.outcome(done()));
        return true;
      };
      const wakeUp = (): void => void check();
      const timer = setTimeout(() => {
        this.wake.delete(wakeUp);
        resolve(this.outcome(done()));
      }, timeoutMs);
      this.wake.add(wakeUp);
      check();
    });
  }
}

/** Close codes a hostile frame may legitimately earn (contract §3); anything else fails the fuzz. */
export const EXPECTED_CLOSES: Record<number, string> = {
  1007: 'text frame that is not UTF-8',
  1008: 'message flood',
  1009: `message over ${WS_MAX_MESSAGE_BYTES} bytes`,
  4001: "auth with another user's token",
};

/** One hostile client frame: random and near-valid JSON, binary, oversize, broken UTF-8, foreign tokens. */
export function fuzzFrame(fuzz: Fuzz, foreignToken: string): { data: string | Buffer; binary: boolean } {
  const text = (data: string): { data: string; binary: boolean } => ({ data, binary: false });
  const roll = fuzz.int(100);
  if (roll < 25) return text(fuzz.hostile());
  if (roll < 60) {
    const type = fuzz.chance(0.8) ? fuzz.pick(['ping', 'subscribe', 'unsubscribe', 'auth']) : fuzz.hostileString();
    const field = fuzz.pick(['timestamp', 'event_types', 'token', fuzz.key()]);
    const value = fuzz.pick([
      fuzz.hostile(),
      `[${JSON.stringify(fuzz.eventType())},${fuzz.hostile(1)}]`,
      JSON.stringify(fuzz.noise(5000)),
      String(fuzz.int(2 ** 31)),
    ]);
    return text(
      fuzz.object([
        ['type', JSON.stringify(type)],
        [field, value],
      ]),
    );
  }
  if (roll < 70) return { data: Buffer.from(fuzz.noise(200), 'utf16le'), binary: true };
  if (roll < 80) return text(fuzz.chance(0.5) ? fuzz.noise() : '{"type":"ping","timestamp":');
  if (roll < 84) return text(JSON.stringify({ type: 'ping', timestamp: 'x'.repeat(WS_MAX_MESSAGE_BYTES) }));
  if (roll < 88) return { data: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]), binary: false };
  if (roll < 92) return text(JSON.stringify({ type: 'auth', token: foreignToken }));
  return text(JSON.stringify({ type: 'subscribe', event_types: [fuzz.eventType()] }));
}
