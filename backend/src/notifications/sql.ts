import type { EntityManager } from 'typeorm';

/**
 * Runs `text` written with PostgreSQL's `$n` placeholders on either database: for SQLite
 * each `$n` becomes `?` and the parameters follow in order of appearance (so `$1` may recur).
 */
export function runSql<T = unknown>(
  manager: EntityManager,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  if (manager.connection.options.type === 'postgres') return manager.query(text, [...params]);
  const ordered: unknown[] = [];
  const sqliteText = text.replace(/\$(\d+)/g, (_match, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return manager.query(sqliteText, ordered);
}

export function isPostgres(manager: EntityManager): boolean {
  return manager.connection.options.type === 'postgres';
}

/** Runs an `INSERT` (without RETURNING) and answers the new row's id on either database. */
export async function insertReturningId(
  manager: EntityManager,
  text: string,
  params: readonly unknown[],
): Promise<number> {
  if (isPostgres(manager)) {
    const rows: Array<{ id: number }> = await manager.query(`${text} RETURNING id`, [...params]);
    return Number(rows[0].id);
  }
  // TypeORM's SQLite runner answers an INSERT with the statement's lastID.
  const lastId: unknown = await runSql(manager, text, params);
  return Number(lastId);
}
