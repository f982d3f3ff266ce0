// Every setting of the app in one file on purpose (over 300 lines): one place lists, parses and
// validates each variable, so a bad value anywhere stops start-up naming it the same way.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { isStorablePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export type LogFormat = 'json' | 'pretty';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; schema?: string };

/** Every setting of contract §7 (plus a few documented extras), validated once at boot. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminUsername: string;
  /** Undefined: a random password is generated on first start and printed once. */
  adminPassword: string | undefined;
  maxConnectionsPerUser: number;
  statsIntervalMs: number;
  heartbeatIntervalMs: number;
  wsMaxMessagesPerSecond: number;
  corsOrigins: string[];
  /**
   * PUBLIC_URL: the URL browsers use (behind a proxy), without a trailing slash. Its origin
   * is the server's own for the socket's Origin check; unset, that is derived per request.
   */
  publicUrl: string | undefined;
  simulator: boolean;
  /** Mean rate of simulated events (Poisson), SIMULATOR_RATE_PER_MINUTE; default 30 (one every 2 s). */
  simulatorRatePerMinute: number;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  logLevel: LogLevel;
  timeZone: string;
  /** bcrypt cost factor. */
  passwordHashRounds: number;
  /** Failed logins allowed per client IP or per username within `loginWindowSeconds`. */
  loginMaxFailures: number;
  loginWindowSeconds: number;
  /** Directory of the built SPA served at `/`; undefined disables static serving. */
  staticDir: string | undefined;
  /**
   * Express `trust proxy`: which reverse proxies' X-Forwarded-For is believed for the
   * client IP (login throttling). false: none (the socket peer is the client).
   */
  trustProxy: boolean | number | string;
  /** Largest snapshot an ingest may carry (SNAPSHOT_MAX_BYTES), default 5 MiB. */
  snapshotMaxBytes: number;
  /** Events (and their images) older than this many days are deleted; 0 keeps everything. */
  eventRetentionDays: number;
  /** A camera unseen this long gets a server-made camera_offline event; 0 turns the watchdog off. */
  cameraOfflineAfterSeconds: number;
  /** Unset: no MQTT (no Frigate bridge, nothing published). */
  mqttUrl: string | undefined;
  /** Argus publishes under `<prefix>/alerts` and `<prefix>/statistics`. */
  mqttTopicPrefix: string;
  /** Frigate's `mqtt.topic_prefix`. */
  frigateTopicPrefix: string;
  /** Frigate's HTTP API, for event snapshots; unset: Frigate events are stored without images. */
  frigateUrl: string | undefined;
  /**
   * WEBPUSH_SUBJECT: the contact in every Web Push VAPID token (`mailto:` or https), which push
   * services use to reach the operator. Default: PUBLIC_URL when it is https, else a mailto placeholder.
   */
  webPushSubject: string;
  /** METRICS_ENABLED: off answers /api/metrics 404 and counts nothing (for measuring their cost). */
  metricsEnabled: boolean;
  /** A Bearer token a Prometheus scraper may use for /api/metrics besides an admin's JWT. */
  metricsToken: string | undefined;
  /** LOG_FORMAT: one JSON object a line, or pino-pretty's readable lines; default by whether stdout is a terminal. */
  logFormat: LogFormat;
  /** REST requests per client address per minute (every /api route but health and metrics); 0 turns it off. */
  rateLimitPerMinute: number;
  /** Event ingests per camera ingest key per minute; 0 turns it off. */
  ingestRateLimitPerMinute: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid setting ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `expected an integer, got "${value}"`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got ${parsed}`);
  }
  return parsed;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(name, `expected on or off, got "${value}"`);
}

function database(env: Env, dataDir: string): DatabaseConfig {
  const url = raw(env, 'DATABASE_URL');
  if (url === undefined) return { type: 'sqlite', path: join(dataDir, 'argus.sqlite') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'not a valid URL');
    }
    return { type: 'postgres', url, schema: raw(env, 'DATABASE_SCHEMA') };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.replace(/^sqlite:(\/\/)?/, '');
    if (path === '') throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path');
    return { type: 'sqlite', path: resolve(path) };
  }
  throw new ConfigError('DATABASE_URL', 'expected postgres://... or sqlite:<path> (unset: SQLite under DATA_DIR)');
}

function corsOrigins(env: Env): string[] {
  const value = raw(env, 'CORS_ORIGINS');
  if (value === undefined) return [];
  return value.split(',').map((origin) => {
    const trimmed = origin.trim().replace(/\/$/, '');
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `"${trimmed}" is not an origin like https://cams.example.com`);
    }
    if (parsed.origin !== trimmed) {
      throw new ConfigError('CORS_ORIGINS', `"${trimmed}" is not an origin like https://cams.example.com`);
    }
    return parsed.origin;
  });
}

/** An origin, or an origin and a path (`https://example.com/argus`): no query, fragment or credentials. */
function publicUrl(env: Env): string | undefined {
  const value = raw(env, 'PUBLIC_URL');
  if (value === undefined) return undefined;
  const problem = `"${value}" is not a URL like https://cams.example.com or https://example.com/argus`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError('PUBLIC_URL', problem);
  }
  const plain = parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '';
  if (!['http:', 'https:'].includes(parsed.protocol) || !plain || /[?#]/.test(value)) {
    throw new ConfigError('PUBLIC_URL', problem);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

function webPushSubject(env: Env, publicUrl: string | undefined): string {
  const value = raw(env, 'WEBPUSH_SUBJECT');
  if (value === undefined) return publicUrl?.startsWith('https://') ? publicUrl : 'mailto:argus@localhost';
  if (/^mailto:[^@\s]+@[^@\s]+$/.test(value)) return value;
  try {
    if (new URL(value).protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new ConfigError('WEBPUSH_SUBJECT', `"${value}" is neither mailto:you@example.com nor an https URL`);
}

function timeZone(env: Env): string {
  const tz = raw(env, 'TZ') ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError('TZ', `unknown time zone "${tz}"`);
  }
  return tz;
}

/** Reads `DATA_DIR/jwt-secret`, creating it (0600) with 64 random bytes on first start. */
function jwtSecret(env: Env, dataDir: string): string {
  const configured = raw(env, 'JWT_SECRET');
  if (configured !== undefined) {
    if (configured.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return configured;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length < 32) throw new ConfigError('JWT_SECRET', `${file} is shorter than 32 characters`);
    return stored;
  }
  const generated = randomBytes(64).toString('base64url');
  try {
    writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance sharing DATA_DIR created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
  chmodSync(file, 0o600);
  return generated;
}

function staticDir(env: Env): string | undefined {
  const configured = raw(env, 'STATIC_DIR');
  if (configured === 'off') return undefined;
  const dir = resolve(configured ?? join(__dirname, '..', '..', '..', 'frontend', 'dist'));
  return dir;
}

function isProxyToken(token: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(token)) return true;
  const [address, prefix, ...rest] = token.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** off | on | a hop count | a comma-separated list of proxy addresses, subnets or loopback/linklocal/uniquelocal. */
function trustProxy(env: Env): boolean | number | string {
  const value = raw(env, 'TRUST_PROXY');
  if (value === undefined || ['off', 'false', 'no', '0'].includes(value.toLowerCase())) return false;
  if (['on', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (/^\d+$/.test(value)) return int(env, 'TRUST_PROXY', 0, 0, 100);
  const tokens = value.split(',').map((token) => token.trim());
  if (!tokens.every(isProxyToken)) {
    throw new ConfigError(
      'TRUST_PROXY',
      'expected off, on, a hop count, or proxy addresses/subnets like 10.0.0.0/8,loopback',
    );
  }
  return tokens.join(',');
}

function redisPrefix(env: Env): string {
  const value = raw(env, 'REDIS_PREFIX') ?? 'argus:';
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(value)) {
    throw new ConfigError('REDIS_PREFIX', '1 to 64 letters, digits, colon, dot, dash or underscore');
  }
  return value;
}

function url(env: Env, name: string, schemes: readonly string[], example: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `not a valid URL (expected ${example})`);
  }
  if (!schemes.includes(parsed.protocol.slice(0, -1))) {
    throw new ConfigError(name, `expected ${schemes.map((s) => `${s}://`).join(', ')} (like ${example})`);
  }
  return value.replace(/\/+$/, '');
}

/** An MQTT topic prefix: one or more levels, no wildcards, no leading or trailing slash. */
function topicPrefix(env: Env, name: string, fallback: string): string {
  const value = raw(env, name) ?? fallback;
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(value) || value.length > 100) {
    throw new ConfigError(name, 'letters, digits, dot, dash, underscore and single slashes between levels (no + or #)');
  }
  return value;
}

function metricsToken(env: Env): string | undefined {
  const value = raw(env, 'METRICS_TOKEN');
  if (value === undefined) return undefined;
  if (value.length < 16 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError('METRICS_TOKEN', 'at least 16 printable characters without spaces');
  }
  return value;
}

function logFormat(env: Env, isTty: boolean): LogFormat {
  const value = raw(env, 'LOG_FORMAT')?.toLowerCase();
  if (value === undefined) return isTty ? 'pretty' : 'json';
  if (value !== 'json' && value !== 'pretty')
    throw new ConfigError('LOG_FORMAT', `expected json or pretty, got "${value}"`);
  return value;
}

/** Parses and validates the environment. Throws ConfigError naming the variable on bad input. */
export function loadConfig(env: Env = process.env, isTty: boolean = process.stdout.isTTY === true): AppConfig {
  const dataDir = resolve(raw(env, 'DATA_DIR') ?? './data');
  const logLevel = (raw(env, 'LOG_LEVEL') ?? 'log').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const adminUsername = raw(env, 'ADMIN_USERNAME') ?? 'admin';
  if (!/^[A-Za-z0-9_.-]{3,64}$/.test(adminUsername)) {
    throw new ConfigError('ADMIN_USERNAME', '3 to 64 letters, digits, dot, dash or underscore');
  }
  const adminPassword = raw(env, 'ADMIN_PASSWORD');
  if (adminPassword !== undefined && !isStorablePassword(adminPassword)) {
    throw new ConfigError(
      'ADMIN_PASSWORD',
      `must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes of UTF-8 (bcrypt would ignore the rest)`,
    );
  }
  const redisUrl = raw(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'expected redis://host:port');
  }
  const host = raw(env, 'HOST') ?? '0.0.0.0';

  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir,
    database: database(env, dataDir),
    jwtSecret: jwtSecret(env, dataDir),
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 1800, 10, 7 * 24 * 3600),
    adminUsername,
    adminPassword,
    maxConnectionsPerUser: int(env, 'MAX_CONNECTIONS_PER_USER', 5, 1, 1000),
    statsIntervalMs: int(env, 'STATS_INTERVAL_MS', 5000, 50, 3_600_000),
    heartbeatIntervalMs: int(env, 'HEARTBEAT_INTERVAL_MS', 30000, 50, 3_600_000),
    wsMaxMessagesPerSecond: int(env, 'WS_MAX_MESSAGES_PER_SECOND', 20, 1, 10_000),
    corsOrigins: corsOrigins(env),
    publicUrl: publicUrl(env),
    simulator: bool(env, 'SIMULATOR', true),
    simulatorRatePerMinute: int(env, 'SIMULATOR_RATE_PER_MINUTE', 30, 1, 6000),
    redisUrl,
    redisPrefix: redisPrefix(env),
    logLevel: logLevel as LogLevel,
    timeZone: timeZone(env),
    passwordHashRounds: int(env, 'PASSWORD_HASH_ROUNDS', 12, 4, 15),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    staticDir: staticDir(env),
    trustProxy: trustProxy(env),
    snapshotMaxBytes: int(env, 'SNAPSHOT_MAX_BYTES', 5 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    eventRetentionDays: int(env, 'EVENT_RETENTION_DAYS', 30, 0, 36_500),
    cameraOfflineAfterSeconds: int(env, 'CAMERA_OFFLINE_AFTER_SECONDS', 120, 0, 7 * 86_400),
    mqttUrl: url(env, 'MQTT_URL', ['mqtt', 'mqtts', 'ws', 'wss'], 'mqtt://mosquitto:1883'),
    mqttTopicPrefix: topicPrefix(env, 'MQTT_TOPIC_PREFIX', 'argus'),
    frigateTopicPrefix: topicPrefix(env, 'FRIGATE_TOPIC_PREFIX', 'frigate'),
    frigateUrl: url(env, 'FRIGATE_URL', ['http', 'https'], 'http://frigate:5000'),
    webPushSubject: webPushSubject(env, publicUrl(env)),
    metricsEnabled: bool(env, 'METRICS_ENABLED', true),
    metricsToken: metricsToken(env),
    logFormat: logFormat(env, isTty),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    ingestRateLimitPerMinute: int(env, 'INGEST_RATE_LIMIT_PER_MINUTE', 6000, 0, 1_000_000),
  };
}

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
