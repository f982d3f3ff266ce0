import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { resolveJwtSecret } from './config/jwt-secret';
import { printFirstStartNotice } from './users/admin-bootstrap.service';

const LISTEN_BACKLOG = 4096;

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = resolveJwtSecret(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  // A deep accept queue for bursts (thousands of dashboards reconnecting or long-polling at
  // once): Node's default is 511, the kernel caps it at net.core.somaxconn. Nest passes the
  // argument through to http.Server.listen(port, host, backlog), which its types omit.
  const listen = app.listen.bind(app) as unknown as (port: number, host: string, backlog: number) => Promise<unknown>;
  await listen(config.port, config.host, LISTEN_BACKLOG);
  const logger = new Logger('Argus');
  const db = config.database.type === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  logger.log(
    `listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${db}, simulator ${config.simulator ? 'on' : 'off'})`,
  );
  printFirstStartNotice(app, config);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
