import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SETTING_VARIABLES } from '../../backend/src/config/app-config';

export const ROOT_DIR = resolve(__dirname, '..', '..');
export const MAIN_JS = join(ROOT_DIR, 'backend', 'dist', 'main.js');
export const SPA_INDEX = join(ROOT_DIR, 'frontend', 'dist', 'index.html');

export const ADMIN = { username: 'admin', password: 'e2e-admin-password' } as const;

// Every setting Argus reads (the one settings table) must not leak in from the caller's shell:
// `npm test` runs with DATABASE_URL set for the PostgreSQL suite, and the app must stay on
// its own fresh SQLite file here.
const INHERITED_SETTINGS = SETTING_VARIABLES;

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_LINES_KEPT = 200;

export interface AppServerOptions {
  /** Extra settings, e.g. `{ JWT_TTL_SECONDS: '10' }`; they override the defaults below. */
  env?: Record<string, string>;
}

/** A free TCP port on 127.0.0.1 (the OS picks; there is a tiny window before we bind it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built app run as the README runs it (`node backend/dist/main.js`), on a fixed port and a
 * fresh data directory, so it can be stopped and started again with the same state.
 */
export class AppServer {
  private child: ChildProcess | undefined;
  private readonly log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(options: AppServerOptions = {}): Promise<AppServer> {
    if (!existsSync(MAIN_JS) || !existsSync(SPA_INDEX)) {
      throw new Error(`The app is not built (${MAIN_JS} or ${SPA_INDEX} missing): run \`npm run build\` first`);
    }
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-'));
    const server = new AppServer(port, dataDir, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: ADMIN.password,
      STATS_INTERVAL_MS: '1000',
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      // Fast hashing: logins happen in every test and bcrypt cost 12 is seconds on 2 cores.
      PASSWORD_HASH_ROUNDS: '4',
      // Every test drives the one server from 127.0.0.1; the limit has its own backend tests.
      RATE_LIMIT_PER_MINUTE: '100000',
      ...options.env,
    });
    await server.launch();
    return server;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return this.baseUrl + path;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The last lines the app printed, for failure messages. */
  recentLog(): string {
    return this.log.join('');
  }

  /**
   * Sends `signal` (SIGTERM by default), then waits for the process to exit (SIGKILL after
   * 10 s). Resolves with how it exited; undefined when it was not running.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitInfo | undefined> {
    const child = this.child;
    if (child === undefined) return undefined;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
    const exited = new Promise<ExitInfo>((done) => child.once('exit', (code, signal) => done({ code, signal })));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const info = await exited;
    clearTimeout(timer);
    return info;
  }

  /** Starts the app again on the same port and data directory. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the app and deletes its data directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of INHERITED_SETTINGS) delete env[name];
    Object.assign(env, this.env);
    // cwd = the data dir, so a developer's .env in the repository cannot change the settings.
    const child = spawn(process.execPath, [MAIN_JS], { cwd: this.dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.log.push(chunk.toString('utf8'));
      if (this.log.length > LOG_LINES_KEPT) this.log.splice(0, this.log.length - LOG_LINES_KEPT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await this.waitHealthy(child);
    } catch (error) {
      await this.stop();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason}\n--- app output ---\n${this.recentLog()}`);
    }
  }

  private async waitHealthy(child: ChildProcess): Promise<void> {
    let exitCode: number | null | undefined;
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`the app exited during start-up (code ${String(exitCode)})`);
      try {
        const response = await fetch(this.url('/api/health'), { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
      } catch {
        // Not listening yet: retry below.
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
    throw new Error(`GET /api/health did not answer 200 within ${START_TIMEOUT_MS} ms`);
  }
}
