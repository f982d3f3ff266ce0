// Every setting of the app in one table on purpose (over 300 lines): one entry per variable
// names it, documents it and parses it, so the AppConfig type, the parsing, the docs check and
// the e2e server's list of inherited variables all come from the same place. Adding a setting
// is adding one entry. A bad value anywhere stops start-up naming the variable the same way.
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { isStorablePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export type LogFormat = 'json' | 'pretty';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; schema?: string };

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

/** What a parser sees: its variable's trimmed value (undefined when unset or blank), and the others. */
interface Input {
  name: string;
  value: string | undefined;
  /** Another variable's trimmed value, for settings that depend on one (the database on DATA_DIR). */
  other(name: string): string | undefined;
  /** Whether stdout is a terminal (the default LOG_FORMAT). */
  isTty: boolean;
}

/** One setting: its variable, its documented default ('' when unset), one line of meaning, its parser. */
interface Setting<T> {
  env: string;
  default: string;
  doc: string;
  parse(input: Input): T;
}

const setting = <T>(entry: Setting<T>): Setting<T> => entry;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const text =
  (fallback: string) =>
  ({ value }: Input): string =>
    value ?? fallback;

const optional = ({ value }: Input): string | undefined => value;

/** A value `ok` accepts, or unset; else `problem`. */
const checked =
  (ok: (value: string) => boolean, problem: string) =>
  ({ name, value }: Input): string | undefined => {
    if (value !== undefined && !ok(value)) throw new ConfigError(name, problem);
    return value;
  };

/** A value matching `pattern` (`fallback` when unset); else `problem`. */
const matching =
  (fallback: string, pattern: RegExp, problem: string) =>
  ({ name, value = fallback }: Input): string => {
    if (!pattern.test(value)) throw new ConfigError(name, problem);
    return value;
  };

const int =
  (fallback: number, min: number, max: number) =>
  ({ name, value }: Input): number => {
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `expected an integer, got "${value}"`);
    const parsed = Number(value);
    if (parsed < min || parsed > max) {
      throw new ConfigError(name, `expected an integer from ${min} to ${max}, got ${parsed}`);
    }
    return parsed;
  };

const bool =
  (fallback: boolean) =>
  ({ name, value }: Input): boolean => {
    const lower = value?.toLowerCase();
    if (lower === undefined) return fallback;
    if (['on', 'true', '1', 'yes'].includes(lower)) return true;
    if (['off', 'false', '0', 'no'].includes(lower)) return false;
    throw new ConfigError(name, `expected on or off, got "${lower}"`);
  };

/** A URL with one of `schemes`, without its trailing slashes. */
const url =
  (schemes: readonly string[], example: string) =>
  ({ name, value }: Input): string | undefined => {
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
  };

/** An MQTT topic prefix: one or more levels, no wildcards, no leading or trailing slash. */
const topicPrefix =
  (fallback: string) =>
  ({ name, value = fallback }: Input): string => {
    if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(value) || value.length > 100) {
      throw new ConfigError(
        name,
        'letters, digits, dot, dash, underscore and single slashes between levels (no + or #)',
      );
    }
    return value;
  };

const dataDir = (value: string | undefined): string => resolve(value ?? './data');

function database({ name, value, other }: Input): DatabaseConfig {
  if (value === undefined) return { type: 'sqlite', path: join(dataDir(other('DATA_DIR')), 'argus.sqlite') };
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError(name, 'not a valid URL');
    }
    return { type: 'postgres', url: value, schema: other('DATABASE_SCHEMA') };
  }
  if (value.startsWith('sqlite:')) {
    const path = value.replace(/^sqlite:(\/\/)?/, '');
    if (path === '') throw new ConfigError(name, 'sqlite: needs a file path');
    return { type: 'sqlite', path: resolve(path) };
  }
  throw new ConfigError(name, 'expected postgres://... or sqlite:<path> (unset: SQLite under DATA_DIR)');
}

function corsOrigins({ name, value }: Input): string[] {
  if (value === undefined) return [];
  return value.split(',').map((origin) => {
    const trimmed = origin.trim().replace(/\/$/, '');
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ConfigError(name, `"${trimmed}" is not an origin like https://cams.example.com`);
    }
    if (parsed.origin !== trimmed) {
      throw new ConfigError(name, `"${trimmed}" is not an origin like https://cams.example.com`);
    }
    return parsed.origin;
  });
}

/** An origin, or an origin and a path (`https://example.com/argus`): no query, fragment or credentials. */
function publicUrl({ name, value }: Input): string | undefined {
  if (value === undefined) return undefined;
  const problem = `"${value}" is not a URL like https://cams.example.com or https://example.com/argus`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, problem);
  }
  const plain = parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '';
  if (!['http:', 'https:'].includes(parsed.protocol) || !plain || /[?#]/.test(value)) {
    throw new ConfigError(name, problem);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** `mailto:` or https; unset: PUBLIC_URL when it is https, else a mailto placeholder. */
function webPushSubject(input: Input): string {
  const { name, value } = input;
  if (value === undefined) {
    const base = publicUrl({ ...input, name: 'PUBLIC_URL', value: input.other('PUBLIC_URL') });
    return base?.startsWith('https://') ? base : 'mailto:argus@localhost';
  }
  if (/^mailto:[^@\s]+@[^@\s]+$/.test(value)) return value;
  try {
    if (new URL(value).protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new ConfigError(name, `"${value}" is neither mailto:you@example.com nor an https URL`);
}

function metricsToken({ name, value }: Input): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < 16 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigError(name, 'at least 16 printable characters without spaces');
  }
  return value;
}

/** Unset: pretty on a terminal, JSON otherwise. */
function logFormat({ name, value, isTty }: Input): LogFormat {
  const lower = value?.toLowerCase();
  if (lower === undefined) return isTty ? 'pretty' : 'json';
  if (lower !== 'json' && lower !== 'pretty') throw new ConfigError(name, `expected json or pretty, got "${lower}"`);
  return lower;
}

function timeZone({ name, value }: Input): string {
  const tz = value ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(name, `unknown time zone "${tz}"`);
  }
  return tz;
}

function logLevel({ name, value }: Input): LogLevel {
  const level = (value ?? 'log').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(name, `expected one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  }
  return level as LogLevel;
}

function isProxyToken(token: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(token)) return true;
  const [address, prefix, ...rest] = token.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** off | on | a hop count | a comma-separated list of proxy addresses, subnets or loopback/linklocal/uniquelocal. */
function trustProxy(input: Input): boolean | number | string {
  const { name, value } = input;
  if (value === undefined || ['off', 'false', 'no', '0'].includes(value.toLowerCase())) return false;
  if (['on', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (/^\d+$/.test(value)) return int(0, 0, 100)(input);
  const tokens = value.split(',').map((token) => token.trim());
  if (!tokens.every(isProxyToken)) {
    throw new ConfigError(name, 'expected off, on, a hop count, or proxy addresses/subnets like 10.0.0.0/8,loopback');
  }
  return tokens.join(',');
}

/**
 * Every setting of contract §7 (plus a few documented extras). The key is the AppConfig
 * property; `.env.example` and the README's settings table list every `env` (a unit test checks).
 */
export const SETTINGS = {
  port: setting({
    env: 'PORT',
    default: '3000',
    doc: 'HTTP port of the API, the socket and the dashboard',
    parse: int(3000, 0, 65535),
  }),
  host: setting({ env: 'HOST', default: '0.0.0.0', doc: 'interface to listen on', parse: text('0.0.0.0') }),
  dataDir: setting({
    env: 'DATA_DIR',
    default: './data',
    doc: 'where the SQLite database, the generated JWT secret and the snapshots are kept',
    parse: ({ value }) => dataDir(value),
  }),
  database: setting({
    env: 'DATABASE_URL',
    default: '',
    doc: 'unset: SQLite file `DATA_DIR/argus.sqlite`; `postgres://user:pass@host:5432/db`: PostgreSQL',
    parse: database,
  }),
  databaseSchema: setting({
    env: 'DATABASE_SCHEMA',
    default: '',
    doc: "PostgreSQL only: the schema (unset: the connection's default, usually `public`)",
    parse: optional,
  }),
  /** Undefined: read from (or created once into) `DATA_DIR/jwt-secret` at start-up (`resolveJwtSecret`). */
  jwtSecret: setting({
    env: 'JWT_SECRET',
    default: '',
    doc: 'HS256 signing secret, at least 32 characters; unset: generated once into `DATA_DIR/jwt-secret`',
    parse: checked((value) => value.length >= 32, 'must be at least 32 characters'),
  }),
  jwtTtlSeconds: setting({
    env: 'JWT_TTL_SECONDS',
    default: '1800',
    doc: 'lifetime of an access token in seconds',
    parse: int(1800, 10, 7 * 24 * 3600),
  }),
  adminUsername: setting({
    env: 'ADMIN_USERNAME',
    default: 'admin',
    doc: 'the first admin account, created on first start only',
    parse: matching('admin', /^[A-Za-z0-9_.-]{3,64}$/, '3 to 64 letters, digits, dot, dash or underscore'),
  }),
  /** Undefined: a random password is generated on first start and printed once. */
  adminPassword: setting({
    env: 'ADMIN_PASSWORD',
    default: '',
    doc: '8 to 72 bytes of UTF-8; unset: a random password is generated and printed once on first start',
    parse: checked(
      isStorablePassword,
      `must be ${PASSWORD_MIN_BYTES} to ${PASSWORD_MAX_BYTES} bytes of UTF-8 (bcrypt would ignore the rest)`,
    ),
  }),
  maxConnectionsPerUser: setting({
    env: 'MAX_CONNECTIONS_PER_USER',
    default: '5',
    doc: 'live sockets one user may hold at once (across instances with `REDIS_URL`)',
    parse: int(5, 1, 1000),
  }),
  statsIntervalMs: setting({
    env: 'STATS_INTERVAL_MS',
    default: '5000',
    doc: 'how often statistics are computed and pushed to every socket',
    parse: int(5000, 50, 3_600_000),
  }),
  heartbeatIntervalMs: setting({
    env: 'HEARTBEAT_INTERVAL_MS',
    default: '30000',
    doc: 'WebSocket ping interval; a socket that misses one is terminated',
    parse: int(30000, 50, 3_600_000),
  }),
  wsMaxMessagesPerSecond: setting({
    env: 'WS_MAX_MESSAGES_PER_SECOND',
    default: '20',
    doc: 'sustained client messages per second per socket before it is closed (1008)',
    parse: int(20, 1, 10_000),
  }),
  corsOrigins: setting({
    env: 'CORS_ORIGINS',
    default: '',
    doc: "comma-separated extra origins allowed to open the socket and call the API; the server's own is always allowed",
    parse: corsOrigins,
  }),
  /**
   * The URL browsers use (behind a proxy), without a trailing slash. Its origin is the
   * server's own for the socket's Origin check; unset, that is derived per request.
   */
  publicUrl: setting({
    env: 'PUBLIC_URL',
    default: '',
    doc: 'the URL browsers use, e.g. `https://cams.example.com` (behind a reverse proxy)',
    parse: publicUrl,
  }),
  simulator: setting({
    env: 'SIMULATOR',
    default: 'on',
    doc: 'built-in camera simulator: `on` or `off`',
    parse: bool(true),
  }),
  simulatorRatePerMinute: setting({
    env: 'SIMULATOR_RATE_PER_MINUTE',
    default: '30',
    doc: 'mean simulated events per minute (Poisson arrivals), 1 to 6000',
    parse: int(30, 1, 6000),
  }),
  redisUrl: setting({
    env: 'REDIS_URL',
    default: '',
    doc: 'unset: one instance; `redis://host:6379`: fan-out and the connection cap across instances',
    parse: checked((value) => /^rediss?:\/\//.test(value), 'expected redis://host:port'),
  }),
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: setting({
    env: 'REDIS_PREFIX',
    default: 'argus:',
    doc: 'prefix of every Redis key and channel (several deployments can share one Redis)',
    parse: matching('argus:', /^[A-Za-z0-9_:.-]{1,64}$/, '1 to 64 letters, digits, colon, dot, dash or underscore'),
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    default: 'log',
    doc: '`error`, `warn`, `log`, `debug` or `verbose`',
    parse: logLevel,
  }),
  timeZone: setting({
    env: 'TZ',
    default: '',
    doc: 'time zone that decides when "today" starts for the statistics (unset: the system\'s)',
    parse: timeZone,
  }),
  passwordHashRounds: setting({
    env: 'PASSWORD_HASH_ROUNDS',
    default: '12',
    doc: 'bcrypt cost factor for password hashes (4 to 15)',
    parse: int(12, 4, 15),
  }),
  /** Failed logins allowed per client IP or per username within `loginWindowSeconds`. */
  loginMaxFailures: setting({
    env: 'LOGIN_MAX_FAILURES',
    default: '5',
    doc: 'failed logins allowed per client address and per username within `LOGIN_WINDOW_SECONDS` (then 429)',
    parse: int(5, 1, 1000),
  }),
  loginWindowSeconds: setting({
    env: 'LOGIN_WINDOW_SECONDS',
    default: '900',
    doc: 'the window of `LOGIN_MAX_FAILURES`, in seconds',
    parse: int(900, 1, 86_400),
  }),
  /** Directory of the built SPA served at `/`; undefined disables static serving. */
  staticDir: setting({
    env: 'STATIC_DIR',
    default: '',
    doc: 'directory of the built dashboard served at `/` (unset: `frontend/dist`); `off`: the API only',
    parse: ({ value }) =>
      value === 'off' ? undefined : resolve(value ?? join(__dirname, '..', '..', '..', 'frontend', 'dist')),
  }),
  /**
   * Express `trust proxy`: which reverse proxies' X-Forwarded-For is believed for the
   * client IP (login throttling). false: none (the socket peer is the client).
   */
  trustProxy: setting({
    env: 'TRUST_PROXY',
    default: 'off',
    doc: 'reverse proxies trusted for X-Forwarded-For: `off`, `on`, a hop count, or addresses/subnets like `loopback,10.0.0.0/8`',
    parse: trustProxy,
  }),
  snapshotMaxBytes: setting({
    env: 'SNAPSHOT_MAX_BYTES',
    default: '5242880',
    doc: 'largest snapshot an ingest may carry, in bytes (1024 to 67108864); larger is 413',
    parse: int(5 * 1024 * 1024, 1024, 64 * 1024 * 1024),
  }),
  eventRetentionDays: setting({
    env: 'EVENT_RETENTION_DAYS',
    default: '30',
    doc: 'events (and their images) older than this many days are deleted; 0 keeps everything',
    parse: int(30, 0, 36_500),
  }),
  cameraOfflineAfterSeconds: setting({
    env: 'CAMERA_OFFLINE_AFTER_SECONDS',
    default: '120',
    doc: 'a camera unseen this long gets a server-made `camera_offline` event; 0 turns the watchdog off',
    parse: int(120, 0, 7 * 86_400),
  }),
  mqttUrl: setting({
    env: 'MQTT_URL',
    default: '',
    doc: 'MQTT broker, e.g. `mqtt://mosquitto:1883`; unset: no MQTT (no Frigate bridge, nothing published)',
    parse: url(['mqtt', 'mqtts', 'ws', 'wss'], 'mqtt://mosquitto:1883'),
  }),
  mqttTopicPrefix: setting({
    env: 'MQTT_TOPIC_PREFIX',
    default: 'argus',
    doc: 'Argus publishes `<prefix>/alerts` and `<prefix>/statistics`',
    parse: topicPrefix('argus'),
  }),
  frigateTopicPrefix: setting({
    env: 'FRIGATE_TOPIC_PREFIX',
    default: 'frigate',
    doc: "Frigate's `mqtt.topic_prefix`",
    parse: topicPrefix('frigate'),
  }),
  frigateUrl: setting({
    env: 'FRIGATE_URL',
    default: '',
    doc: "Frigate's HTTP API, e.g. `http://frigate:5000`, for snapshots; unset: Frigate events without images",
    parse: url(['http', 'https'], 'http://frigate:5000'),
  }),
  /**
   * The contact in every Web Push VAPID token (`mailto:` or https), which push services use to
   * reach the operator.
   */
  webPushSubject: setting({
    env: 'WEBPUSH_SUBJECT',
    default: '',
    doc: 'contact in Web Push tokens, `mailto:you@example.com` or an https URL; unset: an https `PUBLIC_URL`, else `mailto:argus@localhost`',
    parse: webPushSubject,
  }),
  /** Off answers /api/metrics 404 and counts nothing (for measuring their cost). */
  metricsEnabled: setting({
    env: 'METRICS_ENABLED',
    default: 'on',
    doc: 'Prometheus metrics at `/api/metrics`: `on` or `off` (404, nothing counted)',
    parse: bool(true),
  }),
  /** A Bearer token a Prometheus scraper may use for /api/metrics besides an admin's JWT. */
  metricsToken: setting({
    env: 'METRICS_TOKEN',
    default: '',
    doc: "Bearer token a scraper may use for `/api/metrics` besides an admin's JWT (16+ printable characters)",
    parse: metricsToken,
  }),
  logFormat: setting({
    env: 'LOG_FORMAT',
    default: '',
    doc: '`json` (one object a line) or `pretty`; unset: pretty on a terminal, else JSON',
    parse: logFormat,
  }),
  /** REST requests per client address per minute (every /api route but health and metrics). */
  rateLimitPerMinute: setting({
    env: 'RATE_LIMIT_PER_MINUTE',
    default: '600',
    doc: 'REST requests per client address per minute (all `/api` but health and metrics); 0 turns it off',
    parse: int(600, 0, 1_000_000),
  }),
  ingestRateLimitPerMinute: setting({
    env: 'INGEST_RATE_LIMIT_PER_MINUTE',
    default: '6000',
    doc: 'event ingests per camera ingest key per minute; 0 turns it off',
    parse: int(6000, 0, 1_000_000),
  }),
};

type Settings = typeof SETTINGS;

/** The settings as parsed from the environment: nothing read from or written to disk. */
export type LoadedConfig = { [K in keyof Settings]: ReturnType<Settings[K]['parse']> };

/** What the app runs with: the loaded settings and the JWT secret resolved at start-up. */
export type AppConfig = Omit<LoadedConfig, 'jwtSecret'> & { jwtSecret: string };

/** Every environment variable Argus reads, in table order. */
export const SETTING_VARIABLES: readonly string[] = Object.values(SETTINGS).map((entry) => entry.env);

/** Parses and validates the environment. Throws ConfigError naming the variable on bad input. */
export function loadConfig(env: Env = process.env, isTty: boolean = process.stdout.isTTY === true): LoadedConfig {
  const other = (name: string): string | undefined => raw(env, name);
  const entries = Object.entries(SETTINGS) as Array<[keyof Settings, Setting<unknown>]>;
  return Object.fromEntries(
    entries.map(([key, entry]) => [key, entry.parse({ name: entry.env, value: raw(env, entry.env), other, isTty })]),
  ) as LoadedConfig;
}

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
