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

export const MIGRATIONS = [
  InitialSchema1732300000000,
  DefaultAlertRules1732300000001,
  UserTokenVersion1732300000010,
  SourcesAndSnapshots1732300000020,
  HistoryIndexes1732410000000,
];

/**
 * TypeORM options for either database. Migrations run at start on both; synchronize
 * is never used, so the schema is exactly what the migrations say.
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
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      schema: db.schema,
      // Unqualified names in the migrations resolve into the configured schema.
      extra: db.schema ? { options: `-c search_path=${db.schema}`, max: 10 } : { max: 10 },
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
