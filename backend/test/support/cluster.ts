import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { WS_PATH, type ServerMessage } from '@argus/shared';

const ROOT = resolve(__dirname, '../../..');

/**
 * The built backend the instances run: `node scripts/build.mjs shared backend` builds it when
 * its sources changed (a content fingerprint, so an unchanged tree costs about a second).
 * `ARGUS_CLUSTER_MAIN` runs another build instead (to check the test against older code).
 */
export function builtBackend(): string {
  const override = process.env.ARGUS_CLUSTER_MAIN;
  if (override) return override;
  const result = spawnSync('node', ['scripts/build.mjs', 'shared', 'backend'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`backend build failed:\n${result.stdout}\n${result.stderr}`);
  return join(ROOT, 'backend/dist/main.js');
}

/**
 * One Argus instance as a child process of the built backend (`node backend/dist/main.js`),
 * so it can be killed with SIGKILL or drained with SIGTERM like a real one. Its environment
 * is exactly what the test gives it (nothing inherited but PATH).
 */
export class Instance {
  private process: ChildProcess | undefined;
  private output = '';
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'argus-cluster-'));

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly main: string,
    private readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsBase(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Everything it wrote to stdout and stderr. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Starts the process and resolves once `GET /api/health` answers 200. */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [this.main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...this.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited during start:\n${this.output}`);
      const healthy = await fetch(`${this.baseUrl}/api/health`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (healthy) return;
      if (performance.now() > deadline) throw new Error(`${this.name} not healthy within ${timeoutMs} ms`);
      await pause(100);
    }
  }

  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null> {
    if (!this.running) return this.exited;
    this.process?.kill(signal);
    return this.exited;
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A socket's history, as a reconnecting dashboard would keep it. */
export interface ResumeStats {
  /** camera_event ids in arrival order, across every socket it had. */
  ids: number[];
  connects: number;
  resyncs: number;
  closes: number[];
}

/**
 * A client that behaves like the dashboard: one socket at a time; after any close it
 * reconnects (to the next instance that `targets()` lists) with `last_event_id` = the highest
 * id it has seen, every `retryMs` until accepted.
 */
export class ResumingClient {
  readonly stats: ResumeStats = { ids: [], connects: 0, resyncs: 0, closes: [] };
  private ws: WebSocket | undefined;
  private stopped = false;
  private turn: number;

  constructor(
    private readonly token: string,
    private readonly targets: () => string[],
    start: number,
    private readonly retryMs = 200,
  ) {
    this.turn = start;
  }

  get lastId(): number {
    return this.stats.ids.at(-1) ?? 0;
  }

  /** Resolves once the first socket is accepted. */
  async start(): Promise<void> {
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }

  private async connect(): Promise<void> {
    while (!this.stopped) {
      const bases = this.targets();
      const base = bases[this.turn % bases.length];
      this.turn += 1;
      if (await this.open(base)) return;
      await pause(this.retryMs);
    }
  }

  /** True once accepted (connection_status); false if refused or gone first. */
  private open(base: string): Promise<boolean> {
    return new Promise((done) => {
      const query = this.lastId > 0 ? `&last_event_id=${this.lastId}` : '';
      const ws = new WebSocket(`${base}${WS_PATH}?token=${this.token}${query}`);
      let accepted = false;
      ws.on('error', () => undefined);
      ws.on('message', (data) => {
        const message = JSON.parse((data as Buffer).toString('utf8')) as ServerMessage;
        if (message.type === 'connection_status') {
          accepted = true;
          this.ws = ws;
          this.stats.connects += 1;
          done(true);
        } else if (message.type === 'camera_event') {
          this.stats.ids.push(message.id);
        } else if (message.type === 'resync_required') {
          this.stats.resyncs += 1;
        }
      });
      ws.on('close', (code) => {
        if (!accepted) return done(false);
        this.stats.closes.push(code);
        if (this.ws === ws) this.ws = undefined;
        if (!this.stopped) setTimeout(() => void this.connect(), this.retryMs);
      });
    });
  }
}
