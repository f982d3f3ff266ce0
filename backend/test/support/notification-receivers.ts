import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { WebPushChannelConfig } from '@argus/shared';

/** One request a receiver got. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
}

/** A local HTTP(S) server that records requests and answers with the statuses it is told to. */
export class Receiver {
  readonly requests: Received[] = [];
  private statuses: number[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    private readonly server: Server,
    private readonly scheme: 'http' | 'https' = 'http',
  ) {}

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `${this.scheme}://127.0.0.1:${port}`;
  }

  /** The next answers, in order; afterwards 200 (or `fallback`). */
  answer(statuses: number[], fallback = 200): void {
    this.statuses = [...statuses];
    this.fallback = fallback;
  }

  fallback = 200;
  private held: Promise<void> | undefined;

  /** Holds every answer until the returned function is called (a receiver that hangs). */
  hold(): () => void {
    let release = (): void => undefined;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 5000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.requests.slice(0, count);
  }

  handle(req: IncomingMessage, res: ServerResponse, onBody?: (received: Received) => void): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: performance.now(),
      };
      onBody?.(received);
      this.requests.push(received);
      for (const waiter of this.waiters.splice(0)) waiter();
      void (this.held ?? Promise.resolve()).then(() => {
        res.statusCode = this.statuses.shift() ?? this.fallback;
        res.end(res.statusCode < 300 ? '{"ok":true}' : 'receiver says no');
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

async function listen(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}

/** A webhook or ntfy receiver on loopback HTTP. */
export async function startReceiver(): Promise<Receiver> {
  const server = createHttpServer();
  const receiver = new Receiver(server);
  server.on('request', (req, res) => receiver.handle(req, res));
  await listen(server);
  return receiver;
}

const TLS_DIR = join(__dirname, 'tls');
/** The fake push service's self-signed certificate; trust it with `https.globalAgent.options.ca`. */
export const PUSH_SERVICE_CERT = readFileSync(join(TLS_DIR, 'push-service.crt'));

/** A browser's side of a push subscription: the keys it made, and how it decrypts. */
export interface Subscriber {
  config: WebPushChannelConfig;
  /** RFC 8291 aes128gcm decryption with this subscription's private key and auth secret. */
  decrypt(body: Buffer): string;
}

export function createSubscriber(endpoint: string): Subscriber {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    config: { endpoint, keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') } },
    decrypt(body: Buffer): string {
      const salt = body.subarray(0, 16);
      const idLength = body[20];
      const serverKey = body.subarray(21, 21 + idLength);
      const ciphertext = body.subarray(21 + idLength);
      const secret = ecdh.computeSecret(serverKey);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), publicKey, serverKey]);
      const ikm = Buffer.from(hkdfSync('sha256', secret, auth, keyInfo, 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
      const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
      // The last record ends with the delimiter 0x02 then zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end -= 1;
      if (padded[end] !== 2) throw new Error('no last-record delimiter');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}

/** The claims of a VAPID `Authorization: vapid t=<JWT>, k=<key>` header, after checking its ES256 signature. */
export interface VapidCheck {
  claims: { aud: string; exp: number; sub: string };
  publicKey: string;
}

/** Verifies the VAPID JWT with the key the header carries (RFC 8292); throws when it does not verify. */
export function verifyVapid(authorization: string | undefined): VapidCheck {
  const match = /^vapid t=([A-Za-z0-9_.-]+), k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (match === null) throw new Error(`not a VAPID Authorization: ${authorization}`);
  const [, jwt, k] = match;
  const [header, payload, signature] = jwt.split('.');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('not ES256');
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new Error('VAPID signature does not verify');
  return { claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as VapidCheck['claims'], publicKey: k };
}

/** A fake push service (HTTPS on loopback) that records what web-push sends. */
export async function startPushService(): Promise<Receiver> {
  const server = createHttpsServer({ cert: PUSH_SERVICE_CERT, key: readFileSync(join(TLS_DIR, 'push-service.key')) });
  const receiver = new Receiver(server, 'https');
  server.on('request', (req, res) => receiver.handle(req, res));
  await listen(server);
  return receiver;
}
