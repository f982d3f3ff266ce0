import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo, connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { MqttClient } from 'mqtt';

/** The machine's Mosquitto (MQTT 5), shared by every test run: topics get a unique prefix. */
export const MQTT_URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** A prefix no other test run uses, e.g. `argus-test-<uuid>`. */
export function uniquePrefix(): string {
  return `argus-test-${randomUUID()}`;
}

/** A Frigate tracked object as Frigate's MQTT docs show it. */
export function frigateObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '1607123955.475377-mxklsc',
    camera: 'front_door',
    frame_time: 1607123961.837752,
    snapshot: { frame_time: 1607123965.975463, box: [415, 489, 528, 700], score: 0.77546, attributes: [] },
    label: 'person',
    sub_label: null,
    top_score: 0.958984375,
    false_positive: false,
    start_time: 1607123955.475377,
    end_time: null,
    score: 0.7890625,
    current_zones: ['driveway'],
    entered_zones: ['yard', 'driveway'],
    has_snapshot: true,
    has_clip: false,
    ...overrides,
  };
}

/** A stand-in for Frigate's HTTP API: `GET /api/events/<id>/snapshot.jpg` answers `images[id]`. */
export class FakeFrigate {
  readonly images = new Map<string, Buffer>();
  readonly requests: string[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.requests.push(req.url ?? '');
    const match = /^\/api\/events\/([^/]+)\/snapshot\.jpg$/.exec(req.url ?? '');
    const image = match ? this.images.get(decodeURIComponent(match[1])) : undefined;
    if (image === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': image.length }).end(image);
  });
  url = '';

  static async start(): Promise<FakeFrigate> {
    const frigate = new FakeFrigate();
    await new Promise<void>((resolve) => frigate.server.listen(0, '127.0.0.1', resolve));
    frigate.url = `http://127.0.0.1:${(frigate.server.address() as AddressInfo).port}`;
    return frigate;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A plain MQTT 5 client for the test: publishes as Frigate would, and records what Argus publishes. */
export class TestBroker {
  readonly received: Array<{ topic: string; payload: string; retain: boolean }> = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) =>
      this.received.push({ topic, payload: payload.toString('utf8'), retain: packet.retain }),
    );
  }

  static async connect(url = MQTT_URL): Promise<TestBroker> {
    return new TestBroker(await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0 }));
  }

  async subscribe(filter: string): Promise<void> {
    await this.client.subscribeAsync(filter, { qos: 1 });
  }

  async publish(topic: string, payload: unknown, options: { retain?: boolean } = {}): Promise<void> {
    const text = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    await this.client.publishAsync(topic, text, { qos: 1, retain: options.retain ?? false });
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}

/** Polls `probe` (sync or async) until it answers a value (not undefined) or the time runs out. */
export async function waitFor<R>(
  probe: () => R,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<Awaited<R>>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A Mosquitto of the test's own on a free port, for tests that stop the broker (the shared
 * one on 1883 must never be stopped).
 */
export class OwnMosquitto {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly configFile: string,
  ) {}

  static async start(): Promise<OwnMosquitto> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'argus-mosquitto-'));
    const configFile = join(dir, 'mosquitto.conf');
    writeFileSync(configFile, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
    const broker = new OwnMosquitto(port, configFile);
    await broker.resume();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port; resolves once it accepts connections. */
  async resume(): Promise<void> {
    this.process = spawn('mosquitto', ['-c', this.configFile], { stdio: 'ignore' });
    await waitFor(
      () =>
        new Promise<true | undefined>((resolve) => {
          const socket = connect(this.port, '127.0.0.1', () => {
            socket.destroy();
            resolve(true);
          });
          socket.on('error', () => resolve(undefined));
        }),
      5000,
      'mosquitto to listen',
    );
  }

  /** Kills it (SIGKILL: the broker goes away without a word). */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
