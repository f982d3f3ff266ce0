import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppConfig, ConfigError, type LoadedConfig } from './app-config';

/**
 * The start-up step that completes the loaded settings: JWT_SECRET when set, otherwise
 * `DATA_DIR/jwt-secret`, created (0600, 64 random bytes) on first start. Loading the settings
 * never touches the disk; this does, once, before the app is built.
 */
export function resolveJwtSecret(config: LoadedConfig): AppConfig {
  return { ...config, jwtSecret: config.jwtSecret ?? secretFile(config.dataDir) };
}

function secretFile(dataDir: string): string {
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
