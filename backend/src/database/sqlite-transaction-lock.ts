import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { Mutex } from '../common/mutex';

/**
 * Makes SQLite transactions take turns.
 *
 * TypeORM's SQLite driver has ONE connection and hands out ONE shared QueryRunner, so two
 * overlapping `transaction()` calls (an ingest and, say, a user update) become savepoints of
 * each other and fail with "cannot start a transaction within a transaction", or commit each
 * other's work. This wraps the data source's `manager.transaction` with a mutex, using
 * AsyncLocalStorage so a transaction started inside another one's callback nests as before,
 * and makes the implicit transactions of `save()`/`remove()` take the same mutex.
 *
 * Plain statements outside any transaction still run on the shared connection and may land
 * inside another request's open transaction (SQLite cannot do otherwise on one connection);
 * they are only at risk if that transaction rolls back. PostgreSQL is left untouched: every
 * runner has its own pooled connection there.
 */
export function installSqliteTransactionLock(dataSource: DataSource): void {
  if (dataSource.options.type !== 'sqlite') return;
  const mutex = new Mutex();
  const inTransaction = new AsyncLocalStorage<true>();

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  const serialized = async (...args: unknown[]): Promise<unknown> => {
    if (inTransaction.getStore()) return transaction(...args);
    const release = await mutex.acquire();
    try {
      return await inTransaction.run(true, () => transaction(...args));
    } finally {
      release();
    }
  };
  manager.transaction = serialized;

  const runner = dataSource.createQueryRunner(); // the one shared runner
  const start = runner.startTransaction.bind(runner);
  const commit = runner.commitTransaction.bind(runner);
  const rollback = runner.rollbackTransaction.bind(runner);
  let implicitRelease: (() => void) | null = null;
  const releaseImplicit = () => {
    if (runner.isTransactionActive || implicitRelease === null) return;
    const release = implicitRelease;
    implicitRelease = null;
    release();
  };

  runner.startTransaction = async (isolationLevel) => {
    // Inside a wrapped transaction (or nested in an active one): the mutex is already held.
    if (inTransaction.getStore() || runner.isTransactionActive) return start(isolationLevel);
    // An implicit transaction, e.g. repository.save(): hold the mutex until it ends.
    const release = await mutex.acquire();
    implicitRelease = release;
    try {
      await start(isolationLevel);
    } catch (error) {
      implicitRelease = null;
      release();
      throw error;
    }
  };
  runner.commitTransaction = async () => {
    try {
      await commit();
    } finally {
      releaseImplicit();
    }
  };
  runner.rollbackTransaction = async () => {
    try {
      await rollback();
    } finally {
      releaseImplicit();
    }
  };
}
