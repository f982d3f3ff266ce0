/**
 * What the baseline servers share: Argus's own messages as templates (probed from the
 * running Argus, so every frame has Argus's shape and size), the same HS256 token check,
 * the same drift-free tick grid, and `POST /event` (admin Bearer) to fan out one camera event.
 *
 * Env: PORT, INTERVAL_MS, TEMPLATES (JSON file written by the benchmark), JWT_SECRET.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { verify } from 'jsonwebtoken';

export interface Templates {
  hello: Record<string, unknown>;
  statistics: Record<string, unknown>;
  event: Record<string, unknown>;
}

export interface User {
  id: number;
  username: string;
}

const port = Number(process.env.PORT ?? 0);
const intervalMs = Number(process.env.INTERVAL_MS ?? 1000);
// A KeyObject, as Argus passes (given the string, jsonwebtoken tries it as a PEM key and
// throws on every verify): the baselines must not pay for what Argus avoids.
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
const templates = JSON.parse(readFileSync(process.env.TEMPLATES ?? '', 'utf8')) as Templates;
let nextEventId = 1;

/** The user of a valid HS256 token (algorithm pinned, expiry checked), else the rejection reason. */
export function verifyToken(token: string | null | undefined): User | string {
  if (typeof token !== 'string' || token === '') return 'Token missing';
  try {
    const claims = verify(token, secret, { algorithms: ['HS256'] }) as Record<string, unknown>;
    const { sub, username } = claims;
    if (typeof sub !== 'number' || !Number.isInteger(sub) || typeof username !== 'string') return 'Token malformed';
    return { id: sub, username };
  } catch (error) {
    return error instanceof Error && error.name === 'TokenExpiredError' ? 'Token expired' : 'Token invalid';
  }
}

export function helloMessage(user: User): Record<string, unknown> {
  return { ...templates.hello, connection_id: randomUUID(), user, server_time: new Date().toISOString() };
}

export function statisticsMessage(): Record<string, unknown> {
  return { ...templates.statistics, timestamp: new Date().toISOString() };
}

export function eventMessage(id: number): Record<string, unknown> {
  return { ...templates.event, timestamp: new Date().toISOString(), id };
}

/**
 * Calls `tick` on the same drift-free grid as Argus's ticker (multiples of INTERVAL_MS on
 * the wall clock), so the message timestamp is the moment the broadcast starts.
 */
export function everyTick(tick: () => void): void {
  const now = Date.now();
  setTimeout(
    () => {
      everyTick(tick);
      tick();
    },
    (Math.floor(now / intervalMs) + 1) * intervalMs - now,
  );
}

/** `POST /event` with a valid Bearer token: `broadcast` one camera_event, answer 201 `{id}`. */
export function eventRoute(broadcast: (message: Record<string, unknown>) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST' || req.url !== '/event') {
      res.writeHead(404).end();
      return;
    }
    const user = verifyToken(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]);
    if (typeof user === 'string') {
      res.writeHead(401).end(user);
      return;
    }
    const id = nextEventId++;
    broadcast(eventMessage(id));
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
  };
}

/**
 * Listens on loopback and prints the line the benchmark waits for: the port and the bytes on
 * the wire of one statistics_update and one camera_event.
 */
export function listen(server: Server, bytes: { statistics: number; event: number }): void {
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address !== null ? address.port : port;
    process.stdout.write(`READY ${actual} ${bytes.statistics} ${bytes.event}\n`);
  });
}

/** Exit 0 once `close` has closed every socket, or after 5 s at the latest. */
export function onSigterm(close: (done: () => void) => void): void {
  process.on('SIGTERM', () => {
    close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
