import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * The PostgreSQL advisory lock held while migrating, keyed by schema like retention's: three
 * instances starting together on an empty database migrate one after the other, and the
 * later ones find nothing left to do (before: two failed with a duplicate pg_type entry and
 * came up only through the module's retry).
 */
export function migrationLockKey(schema: string | undefined): number {
  return createHash('sha256')
    .update(`argus migrations ${schema ?? ''}`)
    .digest()
    .readInt32BE(0);
}

/**
 * Runs the pending migrations of a PostgreSQL database under a session advisory lock, on a
 * data source of its own without the request timeouts (a migration may rightly take long).
 */
export async function migrateUnderLock(options: DataSourceOptions & { type: 'postgres' }): Promise<void> {
  const logger = new Logger('Migrations');
  const extra = { ...(options.extra as Record<string, unknown> | undefined) };
  delete extra.query_timeout;
  delete extra.statement_timeout;
  const migrator = await new DataSource({ ...options, migrationsRun: false, extra: { ...extra, max: 2 } }).initialize();
  const runner = migrator.createQueryRunner();
  try {
    await runner.connect();
    const key = migrationLockKey(options.schema);
    const started = performance.now();
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    const waited = performance.now() - started;
    if (waited > 100) logger.log(`waited ${Math.round(waited)} ms for another instance's migrations`);
    try {
      await migrator.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
    await migrator.destroy();
  }
}
