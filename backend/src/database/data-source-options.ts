import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { InitialSchema1732300000000 } from './migrations/1732300000000-initial-schema';
import { DefaultAlertRules1732300000001 } from './migrations/1732300000001-default-alert-rules';
import { UserTokenVersion1732300000010 } from './migrations/1732300000010-user-token-version';
import { SourcesAndSnapshots1732300000020 } from './migrations/1732300000020-sources-and-snapshots';
import { HistoryIndexes1732410000000 } from './migrations/1732410000000-history-indexes';
import { RulesWithJudgement1732420000000 } from './migrations/1732420000000-rules-with-judgement';
import { Notifications1732430000000 } from './migrations/1732430000000-notifications';

export const MIGRATIONS = [
  InitialSchema1732300000000,
  DefaultAlertRules1732300000001,
  UserTokenVersion1732300000010,
  SourcesAndSnapshots1732300000020,
  HistoryIndexes1732410000000,
  RulesWithJudgement1732420000000,
  Notifications1732430000000,
];

/** A new PostgreSQL connection that is not established within this fails (503, not a hang). */
export const DB_CONNECT_TIMEOUT_MS = 5000;
/**
 * A statement that has not answered within this fails, on the server (statement_timeout)
 * and, for a server that cannot even be reached to cancel it (blackholed), on the client
 * (query_timeout). Requests then answer 503. Migrations run without it (see migrate.ts).
 */
export const DB_QUERY_TIMEOUT_MS = 10_000;

/**
 * TypeORM options for either database. Migrations run at start on both (on PostgreSQL under
 * an advisory lock, by `migrateUnderLock` before this data source starts); synchronize is
 * never used, so the schema is exactly what the migrations say.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: ['error' as const, 'warn' as const, 'migration' as const],
  };
  if (db.type === 'postgres') {
    const pool = {
      max: 10,
      connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
      query_timeout: DB_QUERY_TIMEOUT_MS,
      statement_timeout: DB_QUERY_TIMEOUT_MS,
      // Dead peers (a blackholed server) are noticed on idle connections too.
      keepAlive: true,
    };
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      schema: db.schema,
      migrationsRun: false,
      // Unqualified names in the migrations resolve into the configured schema.
      extra: db.schema ? { ...pool, options: `-c search_path=${db.schema}` } : pool,
    };
  }
  mkdirSync(dirname(db.path), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    database: db.path,
    // WAL lets readers (polling, statistics) proceed while the ingest path writes.
    enableWAL: true,
    busyTimeout: 5000,
  };
}
