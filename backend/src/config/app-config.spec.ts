import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, SETTING_VARIABLES, SETTINGS } from './app-config';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'argus-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies the contract defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      jwtTtlSeconds: 1800,
      adminUsername: 'admin',
      adminPassword: undefined,
      maxConnectionsPerUser: 5,
      statsIntervalMs: 5000,
      heartbeatIntervalMs: 30000,
      wsMaxMessagesPerSecond: 20,
      corsOrigins: [],
      publicUrl: undefined,
      simulator: true,
      redisUrl: undefined,
      logLevel: 'log',
      database: { type: 'sqlite', path: join(dataDir, 'argus.sqlite') },
    });
  });

  it('touches no file: DATA_DIR is neither created nor written', () => {
    const missing = join(dataDir, 'not-yet');
    expect(loadConfig({ DATA_DIR: missing }).jwtSecret).toBeUndefined();
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('takes JWT_SECRET as it is', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it('takes an ADMIN_PASSWORD of exactly 72 bytes, however many characters', () => {
    const password = 'ü'.repeat(36); // 36 characters, 72 bytes
    expect(loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: password }).adminPassword).toBe(password);
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u@127.0.0.1:5432/test' });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://u@127.0.0.1:5432/test', schema: undefined });
  });

  it('applies the defaults of the camera sources (§7, §8, §11)', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({
      snapshotMaxBytes: 5 * 1024 * 1024,
      eventRetentionDays: 30,
      cameraOfflineAfterSeconds: 120,
      mqttUrl: undefined,
      mqttTopicPrefix: 'argus',
      frigateTopicPrefix: 'frigate',
      frigateUrl: undefined,
    });
    const set = loadConfig({
      DATA_DIR: dataDir,
      MQTT_URL: 'mqtts://user:secret@broker.example.com:8883',
      MQTT_TOPIC_PREFIX: 'home/argus',
      FRIGATE_URL: 'http://frigate:5000/',
      EVENT_RETENTION_DAYS: '0',
    });
    expect(set).toMatchObject({
      mqttUrl: 'mqtts://user:secret@broker.example.com:8883',
      mqttTopicPrefix: 'home/argus',
      frigateUrl: 'http://frigate:5000',
      eventRetentionDays: 0,
    });
  });

  it('takes the Web Push contact from WEBPUSH_SUBJECT, else an https PUBLIC_URL, else a placeholder', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).webPushSubject).toBe('mailto:argus@localhost');
    expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://cams.lan' }).webPushSubject).toBe(
      'mailto:argus@localhost',
    );
    expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://cams.example.com/argus/' }).webPushSubject).toBe(
      'https://cams.example.com/argus',
    );
    expect(loadConfig({ DATA_DIR: dataDir, WEBPUSH_SUBJECT: 'mailto:ops@example.com' }).webPushSubject).toBe(
      'mailto:ops@example.com',
    );
  });

  it('applies the operations defaults (§12): JSON logs unless on a terminal, metrics on, 600 requests a minute', () => {
    expect(loadConfig({ DATA_DIR: dataDir }, false)).toMatchObject({
      logFormat: 'json',
      metricsEnabled: true,
      metricsToken: undefined,
      rateLimitPerMinute: 600,
      ingestRateLimitPerMinute: 6000,
    });
    expect(loadConfig({ DATA_DIR: dataDir }, true).logFormat).toBe('pretty');
    expect(loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'JSON' }, true).logFormat).toBe('json');
    expect(loadConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
  });

  it('parses lists and switches', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      CORS_ORIGINS: 'https://a.example.com, http://b.example.com:8080/',
      SIMULATOR: 'off',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'http://b.example.com:8080']);
    expect(config.simulator).toBe(false);
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    ['https://cams.example.com', 'https://cams.example.com'],
    ['https://cams.example.com/', 'https://cams.example.com'],
    ['HTTPS://Cams.Example.com:443/argus/', 'https://cams.example.com/argus'],
    ['http://192.168.1.20:8080', 'http://192.168.1.20:8080'],
  ])('reads PUBLIC_URL=%s as %s', (value, expected) => {
    expect(loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['JWT_TTL_SECONDS', '0'],
    ['MAX_CONNECTIONS_PER_USER', '1.5'],
    ['STATS_INTERVAL_MS', '-5'],
    ['HEARTBEAT_INTERVAL_MS', 'soon'],
    ['WS_MAX_MESSAGES_PER_SECOND', '0'],
    ['SIMULATOR', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['CORS_ORIGINS', 'not a url'],
    ['CORS_ORIGINS', 'https://a.example.com/path'],
    ['PUBLIC_URL', 'cams.example.com'],
    ['PUBLIC_URL', 'ws://cams.example.com'],
    ['PUBLIC_URL', 'https://cams.example.com/?a=1'],
    ['PUBLIC_URL', 'https://cams.example.com/#top'],
    ['PUBLIC_URL', 'https://user:pw@cams.example.com'],
    ['TZ', 'Mars/Olympus_Mons'],
    ['JWT_SECRET', 'short'],
    ['ADMIN_USERNAME', 'a b'],
    ['ADMIN_PASSWORD', 'short'],
    // 73 bytes: bcrypt would hash only the first 72.
    ['ADMIN_PASSWORD', 'p'.repeat(73)],
    ['ADMIN_PASSWORD', 'pässwörd'.repeat(8)], // 64 characters, 80 bytes
    ['SNAPSHOT_MAX_BYTES', '5MB'],
    ['SNAPSHOT_MAX_BYTES', '10'],
    ['EVENT_RETENTION_DAYS', '-1'],
    ['CAMERA_OFFLINE_AFTER_SECONDS', 'two minutes'],
    ['MQTT_URL', 'localhost:1883'],
    ['MQTT_URL', 'http://broker:1883'],
    ['MQTT_TOPIC_PREFIX', 'argus/#'],
    ['MQTT_TOPIC_PREFIX', '/argus'],
    ['FRIGATE_TOPIC_PREFIX', 'frigate/+'],
    ['FRIGATE_URL', 'frigate:5000'],
    ['FRIGATE_URL', 'ftp://frigate'],
    ['WEBPUSH_SUBJECT', 'admin@example.com'],
    ['WEBPUSH_SUBJECT', 'http://cams.example.com'],
    ['LOG_FORMAT', 'xml'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'has a space in it, long enough'],
    ['METRICS_ENABLED', 'maybe'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['INGEST_RATE_LIMIT_PER_MINUTE', 'lots'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    let caught: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(name);
    expect((caught as ConfigError).message).toContain(name);
  });

  describe('the settings table', () => {
    const root = join(__dirname, '..', '..', '..');

    it('names each variable once', () => {
      expect(new Set(SETTING_VARIABLES).size).toBe(SETTING_VARIABLES.length);
    });

    it('is what .env.example lists, each with its default', () => {
      const lines = readFileSync(join(root, '.env.example'), 'utf8').split('\n');
      const listed = lines.filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line)).map((line) => line.split('=')[0]);
      expect([...listed].sort()).toEqual([...SETTING_VARIABLES].sort());
      for (const entry of Object.values(SETTINGS)) {
        expect(lines, entry.env).toContain(`${entry.env}=${entry.default}`);
      }
    });

    it('is what the README settings table lists, each with its default', () => {
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('## Settings'));
      const rows = section.split('\n').filter((line) => /^\| `[A-Z][A-Z0-9_]*` /.test(line));
      const listed = rows.map((row) => /^\| `([A-Z0-9_]+)`/.exec(row)![1]);
      expect([...listed].sort()).toEqual([...SETTING_VARIABLES].sort());
      for (const entry of Object.values(SETTINGS)) {
        const row = rows.find((line) => line.startsWith(`| \`${entry.env}\` `))!;
        const cell = row.split('|')[2].trim();
        expect(cell, entry.env).toBe(entry.default === '' ? '' : `\`${entry.default}\``);
      }
    });
  });
});
