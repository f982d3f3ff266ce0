import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC emits the decorator metadata NestJS and TypeORM rely on (esbuild does not).
const plugins = [swc.vite({ module: { type: 'es6' } })];
const postgres = Boolean(process.env.DATABASE_URL);

const integration = (name: string, database: 'sqlite' | 'postgres', groupOrder: number) => ({
  plugins,
  test: {
    name,
    globals: true,
    include: ['test/**/*.e2e-spec.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { ARGUS_TEST_DB: database },
    // Each file boots its own app on its own port and database; two at a time fits 2 cores.
    maxWorkers: 2,
    // Projects run one after the other: unit, SQLite, then PostgreSQL.
    sequence: { groupOrder },
  },
});

export default defineConfig({
  plugins,
  test: {
    projects: [
      {
        plugins,
        test: {
          name: 'unit',
          globals: true,
          include: ['src/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 10_000,
          sequence: { groupOrder: 0 },
        },
      },
      integration('integration-sqlite', 'sqlite', 1),
      ...(postgres ? [integration('integration-postgres', 'postgres', 2)] : []),
    ],
  },
});
