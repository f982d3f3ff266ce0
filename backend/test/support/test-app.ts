import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import type { DestinationStream } from 'pino';
import type { TokenResponse } from '@argus/shared';
import { createApp } from '../../src/app.factory';
import type { Clock } from '../../src/common/time';
import { AppConfig, loadConfig, type LogLevel } from '../../src/config/app-config';
import { resolveJwtSecret } from '../../src/config/jwt-secret';

export const ADMIN = { username: 'admin', password: 'admin-password-1' };

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** ws://127.0.0.1:PORT */
  wsBase: string;
  dataDir: string;
  /** Environment the app was booted with (reuse it to restart on the same data). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment (contract §7 names), e.g. { STATS_INTERVAL_MS: '200' }. */
  env?: Record<string, string>;
  /** Reuse a data directory / database (restart tests). */
  reuse?: Pick<TestApp, 'dataDir' | 'env'>;
  /** Keep the data directory on close (restart tests). */
  keepData?: boolean;
  /** The app's clock (default: the system's), e.g. a ManualClock for token lifetimes. */
  clock?: Clock;
  /** Log lines go here instead of stdout, from `logLevel` (default warn) up. */
  logStream?: DestinationStream;
  logLevel?: LogLevel;
}

const usePostgres = process.env.ARGUS_TEST_DB === 'postgres';

async function freshPostgresSchema(): Promise<string> {
  const schema = `argus_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Deletes what apps started with `keepData` (or sharing data through `reuse`) left behind. */
export async function discardTestData(t: Pick<TestApp, 'dataDir' | 'env'>): Promise<void> {
  rmSync(t.dataDir, { recursive: true, force: true });
  if (t.env.DATABASE_SCHEMA) await dropPostgresSchema(t.env.DATABASE_SCHEMA);
}

/**
 * Boots the real application on 127.0.0.1:0 against a fresh SQLite file (or, in the
 * integration-postgres project, a fresh PostgreSQL schema), simulator off.
 */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const dataDir = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'argus-test-'));
  let env: Record<string, string>;
  if (options.reuse) {
    env = { ...options.reuse.env, ...options.env };
  } else {
    env = {
      DATA_DIR: dataDir,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      SIMULATOR: 'off',
      PASSWORD_HASH_ROUNDS: '4',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'off',
      TZ: process.env.TZ ?? 'UTC',
      PORT: '0',
      // Suites make hundreds of requests from 127.0.0.1 (the fuzz, 1,500); the limits have
      // their own suite (rate-limits.e2e-spec.ts), which sets them low.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...options.env,
    };
    if (usePostgres && !env.DATABASE_URL) {
      env.DATABASE_URL = process.env.DATABASE_URL ?? '';
      env.DATABASE_SCHEMA = await freshPostgresSchema();
    }
  }
  const config = resolveJwtSecret(loadConfig(env));
  const app = await createApp(config, {
    logLevel: options.logLevel ?? 'warn',
    logStream: options.logStream,
    clock: options.clock,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  let closed = false;
  return {
    app,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    dataDir,
    env,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (!options.keepData) {
        rmSync(dataDir, { recursive: true, force: true });
        if (env.DATABASE_SCHEMA) await dropPostgresSchema(env.DATABASE_SCHEMA);
      }
    },
  };
}

export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A real HTTP call against the test app. JSON in, JSON out. */
export async function http<T = unknown>(
  t: Pick<TestApp, 'baseUrl'>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; form?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return readAnswer<T>(await fetch(`${t.baseUrl}${path}`, { method, headers, body }));
}

/** A fetch answer with its body parsed as JSON (or kept as text when it is not JSON). */
export async function readAnswer<T>(response: Response): Promise<HttpResult<T>> {
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function login(
  t: Pick<TestApp, 'baseUrl'>,
  username = ADMIN.username,
  password = ADMIN.password,
): Promise<string> {
  const res = await http<TokenResponse>(t, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}
