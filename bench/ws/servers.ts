/** The servers of the socket benchmark: Argus as a Target, Argus's frames as templates, and the baselines. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Argus } from '../lib/argus';
import { httpJson, sleep } from '../lib/net';
import { ServerProcess } from '../lib/server-process';
import type { Templates } from './baseline';
import { opener } from './clients';
import type { ServerKey, Target } from './session';

export interface Probe {
  templates: Templates;
  frames: Target['frames'];
}

/**
 * One socket on Argus reads the messages the baselines copy: its connection_status, a
 * statistics_update of a real tick (the second one; the first is the connect snapshot) and
 * the camera_event of one ingested event.
 */
export async function probe(argus: Argus, intervalMs: number): Promise<Probe> {
  const ws = new WebSocket(`${argus.wsUrl}?token=${argus.tokens[0]}`, { perMessageDeflate: false });
  const frames: Buffer[] = [];
  ws.on('message', (data: Buffer) => frames.push(data));
  const typed = (type: string): Buffer[] => frames.filter((f) => f.toString('latin1', 0, 40).includes(`"${type}"`));
  const wait = async (find: () => Buffer | undefined): Promise<Buffer> => {
    const deadline = Date.now() + intervalMs * 3 + 5000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('probe socket on Argus: expected message not received');
      await sleep(10);
    }
  };
  const hello = await wait(() => typed('connection_status')[0]);
  const tick = await wait(() => typed('statistics_update')[1]);
  await argus.ingest();
  const event = await wait(() => typed('camera_event')[0]);
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));
  await sleep(200); // the server releases the socket's slot of the per-user cap
  const parse = (frame: Buffer): Record<string, unknown> => JSON.parse(frame.toString()) as Record<string, unknown>;
  return {
    templates: { hello: parse(hello), statistics: parse(tick), event: parse(event) },
    frames: { statistics: tick.length, event: event.length },
  };
}

export function argusTarget(argus: Argus, frames: Target['frames']): Target {
  return {
    key: 'argus',
    client: 'ws',
    url: argus.wsUrl,
    tokens: argus.tokens,
    server: argus.server,
    emitEvent: argus.ingest,
    frames,
  };
}

export interface BaselineOptions {
  templates: Templates;
  /** Directory for the templates file. */
  dir: string;
  intervalMs: number;
  argus: Argus;
}

/** Starts one baseline (`ws-jwt`, `ws` or `socket.io`) in its own process and answers it as a Target. */
export async function startBaseline(key: Exclude<ServerKey, 'argus'>, options: BaselineOptions): Promise<Target> {
  const templatesFile = join(options.dir, 'templates.json');
  writeFileSync(templatesFile, JSON.stringify(options.templates));
  const script = key === 'socket.io' ? 'socketio-server.ts' : 'bare-server.ts';
  const server = ServerProcess.start(
    join(__dirname, script),
    {
      PORT: '0',
      INTERVAL_MS: String(options.intervalMs),
      TEMPLATES: templatesFile,
      JWT_SECRET: options.argus.secret,
      AUTH: key === 'ws' ? 'none' : 'jwt',
    },
    __dirname,
  );
  const [port, statistics, event] = (await server.line('READY')).split(' ').map(Number);
  const adminToken = options.argus.adminToken;
  const target: Target = {
    key,
    client: key === 'socket.io' ? 'socket.io' : 'ws',
    url: key === 'socket.io' ? `http://127.0.0.1:${port}` : `ws://127.0.0.1:${port}/`,
    tokens: key === 'ws' ? null : options.argus.tokens,
    server,
    emitEvent: async () =>
      (await httpJson<{ id: number }>(`http://127.0.0.1:${port}/event`, { method: 'POST', token: adminToken })).id,
    frames: { statistics, event },
  };
  if (target.tokens !== null) await refusesForgedToken(target);
  return target;
}

/** A JWT baseline that let a forged token in would not be doing the work it stands for. */
async function refusesForgedToken(target: Target): Promise<void> {
  const [head, body] = target.tokens![0].split('.');
  const forged = `${head}.${body}.${Buffer.from('not the signature').toString('base64url')}`;
  const open = opener(target.client, { tick: () => undefined, event: () => undefined, closed: () => undefined });
  const socket = await open(target.url, forged, '127.0.0.1').catch((error: Error) => error);
  if (!(socket instanceof Error)) {
    socket.close();
    throw new Error(`${target.key} accepted a token with a forged signature`);
  }
}
