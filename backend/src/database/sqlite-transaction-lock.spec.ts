import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { PersonEntity } from '../people/person.entity';
import { dataSourceOptions } from './data-source-options';
import { installSqliteTransactionLock } from './sqlite-transaction-lock';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SqliteTransactionLock (real SQLite file)', () => {
  let dir: string;
  let dataSource: DataSource;

  async function open(options: DataSourceOptions, lock: boolean): Promise<DataSource> {
    dataSource = new DataSource({ ...options, logging: false });
    await dataSource.initialize();
    if (lock) installSqliteTransactionLock(dataSource);
    return dataSource;
  }

  /** Overlapping explicit transactions plus repository saves (which open their own). */
  async function overlappingWrites(ds: DataSource): Promise<PromiseSettledResult<unknown>[]> {
    const people = ds.getRepository(PersonEntity);
    const now = new Date().toISOString();
    const work = [
      ...Array.from({ length: 8 }, (_, i) =>
        ds.transaction(async (manager) => {
          await manager.insert(PersonEntity, { name: `tx-${i}`, createdAt: now });
          await pause(5); // hold the transaction open across an await, as ingest does
          await manager.insert(PersonEntity, { name: `tx-${i}-b`, createdAt: now });
        }),
      ),
      ...Array.from({ length: 8 }, (_, i) => people.save(people.create({ name: `save-${i}`, createdAt: now }))),
    ];
    return Promise.allSettled(work);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argus-sqlite-lock-'));
  });
  afterEach(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without it, overlapping transactions on the shared connection fail (the problem it solves)', async () => {
    const options = dataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') });
    const ds = await open(options, false);
    const results = await overlappingWrites(ds);
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
  }, 20_000);

  it('with it, every overlapping transaction and save commits, and nothing is lost', async () => {
    const ds = await open(dataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }), true);
    const results = await overlappingWrites(ds);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.map((f) => String(f.reason))).toEqual([]);
    expect(await ds.getRepository(PersonEntity).count()).toBe(8 * 2 + 8);
  }, 20_000);

  it('releases the lock after a rollback, so later transactions proceed', async () => {
    const ds = await open(dataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }), true);
    await expect(
      ds.transaction(async (manager) => {
        await manager.insert(PersonEntity, { name: 'rolled back', createdAt: new Date().toISOString() });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await ds.transaction((manager) =>
      manager.insert(PersonEntity, { name: 'kept', createdAt: new Date().toISOString() }),
    );
    const names = (await ds.getRepository(PersonEntity).find()).map((p) => p.name);
    expect(names).toEqual(['kept']);
  }, 20_000);

  it('lets a transaction started inside another one nest instead of waiting for itself', async () => {
    const ds = await open(dataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }), true);
    const now = new Date().toISOString();
    await ds.transaction(async (outer) => {
      await outer.insert(PersonEntity, { name: 'outer', createdAt: now });
      await ds.transaction((inner) => inner.insert(PersonEntity, { name: 'inner', createdAt: now }));
      await ds.getRepository(PersonEntity).save({ name: 'save inside', createdAt: now });
    });
    expect(await ds.getRepository(PersonEntity).count()).toBe(3);
  }, 20_000);
});
