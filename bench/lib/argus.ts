/**
 * The system under test: the built Argus server (`backend/dist/main.js`) as its own
 * process on loopback, with a temporary SQLite data directory, the simulator off, viewers
 * created through the API and their tokens from the real login endpoint (so the bench
 * holds exactly the tokens a dashboard would, whatever claims the server puts in them).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TokenResponse } from '@argus/shared';
import { trackDir } from './lifetime';
import { freePort, httpJson, inBatches, waitHttp } from './net';
import { ServerProcess } from './server-process';

export const ROOT = resolve(__dirname, '..', '..');
const ADMIN_PASSWORD = 'bench-admin-password';
const USER_PASSWORD = 'bench-password-1';

/** Builds shared and backend once (skipped when the caller already did: BENCH_SKIP_BUILD=1). */
export function buildBackend(): void {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  console.log('building shared and backend (tsc)...');
  execFileSync('npm', ['run', 'build', '-w', '@argus/shared'], { cwd: ROOT, stdio: 'ignore' });
  execFileSync('npm', ['run', 'build', '-w', '@argus/backend'], { cwd: ROOT, stdio: 'ignore' });
}

export interface ArgusOptions {
  /** Viewers to create and log in (tokens[i] belongs to viewer i). */
  users: number;
  connectionsPerUser: number;
  statsIntervalMs: number;
  /** Extra settings, e.g. { METRICS_ENABLED: 'off' }. */
  env?: Record<string, string>;
}

export interface Argus {
  base: string;
  wsUrl: string;
  /** The HS256 secret the server signs with: the baselines verify the same tokens with it. */
  secret: string;
  adminToken: string;
  tokens: string[];
  server: ServerProcess;
  /** Ingests one camera event through the HTTP API (admin Bearer) and answers its id. */
  ingest: () => Promise<number>;
}

export async function startArgus(options: ArgusOptions): Promise<Argus> {
  const dataDir = trackDir(mkdtempSync(join(tmpdir(), 'argus-bench-')));
  const port = await freePort();
  const secret = randomBytes(48).toString('base64url');
  const server = ServerProcess.start(
    join(ROOT, 'backend', 'dist', 'main.js'),
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: secret,
      JWT_TTL_SECONDS: '3600',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD,
      PASSWORD_HASH_ROUNDS: '4',
      // The viewers log in 8 at a time from one address: each login in flight counts as a
      // provisional failure for that address until it succeeds.
      LOGIN_MAX_FAILURES: '1000',
      MAX_CONNECTIONS_PER_USER: String(options.connectionsPerUser),
      STATS_INTERVAL_MS: String(options.statsIntervalMs),
      SIMULATOR: 'off',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'off',
      // All load comes from loopback sources: the per-client REST limit (contract §12) would
      // measure the limiter, not the endpoint. Ignored by servers without the setting.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...options.env,
    },
    dataDir,
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/api/health`, 30_000);
  const login = (username: string, password: string): Promise<TokenResponse> =>
    httpJson<TokenResponse>(`${base}/api/auth/login`, { method: 'POST', body: { username, password } });
  const adminToken = (await login('admin', ADMIN_PASSWORD)).access_token;
  console.log(`[argus] creating and logging in ${options.users} viewers...`);
  const tokens = await inBatches(options.users, 8, async (i) => {
    const username = `bench-${i}`;
    await httpJson(`${base}/api/users`, {
      method: 'POST',
      token: adminToken,
      body: { username, password: USER_PASSWORD, role: 'viewer' },
    });
    return (await login(username, USER_PASSWORD)).access_token;
  });
  const camera = await httpJson<{ id: number }>(`${base}/api/cameras`, {
    method: 'POST',
    token: adminToken,
    body: { name: 'Bench camera', location: 'Loopback' },
  });
  return {
    base,
    wsUrl: `ws://127.0.0.1:${port}/api/ws/statistics`,
    secret,
    adminToken,
    tokens,
    server,
    ingest: async () =>
      (
        await httpJson<{ id: number }>(`${base}/api/cameras/${camera.id}/events`, {
          method: 'POST',
          token: adminToken,
          body: { event_type: 'motion_detected', confidence: 0.9 },
        })
      ).id,
  };
}
