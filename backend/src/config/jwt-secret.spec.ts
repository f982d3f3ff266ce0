import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { resolveJwtSecret } from './jwt-secret';

describe('resolveJwtSecret (start-up)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'argus-secret-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates the JWT secret once into DATA_DIR (0600) and reuses it', () => {
    const first = resolveJwtSecret(loadConfig({ DATA_DIR: dataDir })).jwtSecret;
    const second = resolveJwtSecret(loadConfig({ DATA_DIR: dataDir })).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(64);
    expect(second).toBe(first);
    const file = join(dataDir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('creates DATA_DIR when it does not exist yet', () => {
    const nested = join(dataDir, 'a', 'b');
    const secret = resolveJwtSecret(loadConfig({ DATA_DIR: nested })).jwtSecret;
    expect(readFileSync(join(nested, 'jwt-secret'), 'utf8').trim()).toBe(secret);
  });

  it('prefers JWT_SECRET and writes no file', () => {
    const secret = 'x'.repeat(40);
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: secret })).jwtSecret).toBe(secret);
    expect(() => statSync(join(dataDir, 'jwt-secret'))).toThrow();
  });

  it('refuses a stored secret shorter than 32 characters, naming JWT_SECRET', () => {
    writeFileSync(join(dataDir, 'jwt-secret'), 'too-short\n');
    let caught: unknown;
    try {
      resolveJwtSecret(loadConfig({ DATA_DIR: dataDir }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe('JWT_SECRET');
  });
});
