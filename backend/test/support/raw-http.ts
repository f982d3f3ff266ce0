import { connect, type Socket } from 'node:net';
import type { TestApp } from './test-app';

/** What a raw client saw: the server's bytes, and when the server closed the connection. */
export interface RawExchange {
  response: string;
  /** Milliseconds from the request head to the first byte of the answer. */
  answeredAfterMs: number;
  /** Milliseconds from the request head to the connection closing (server side). */
  closedAfterMs: number;
}

/**
 * Sends a request head, then whatever `feed` writes, over a raw socket, until the server
 * closes the connection (or `boundMs` passes: then it rejects).
 */
export function rawExchange(
  t: TestApp,
  head: string,
  feed?: (socket: Socket) => () => void,
  boundMs = 5000,
): Promise<RawExchange> {
  const { port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const started = performance.now();
    let response = '';
    let answeredAfterMs = -1;
    let stopFeeding = (): void => undefined;
    const bound = setTimeout(() => {
      stopFeeding();
      socket.destroy();
      reject(new Error(`no close within ${boundMs} ms; got ${JSON.stringify(response.slice(0, 200))}`));
    }, boundMs);
    socket.on('data', (data: Buffer) => {
      if (answeredAfterMs < 0) answeredAfterMs = performance.now() - started;
      response += data.toString('latin1');
    });
    // Writing into a connection the server has closed fails (EPIPE, ECONNRESET): expected here.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(bound);
      stopFeeding();
      resolve({ response, answeredAfterMs, closedAfterMs: performance.now() - started });
    });
    socket.write(head, () => {
      if (feed) stopFeeding = feed(socket);
    });
  });
}

/** Writes 8 KiB chunks of a chunked body, forever (until stopped). */
export function endlessChunks(socket: Socket): () => void {
  const chunk = `2000\r\n${'x'.repeat(0x2000)}\r\n`;
  const timer = setInterval(() => {
    if (socket.writable) socket.write(chunk);
  }, 1);
  return () => clearInterval(timer);
}
