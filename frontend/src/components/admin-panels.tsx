import type { ReactNode } from 'react';
import styles from './admin-panels.module.css';
import { MutationError } from './mutation-error';

/** A titled admin list: loading state and every error announced, then the list itself. */
export function ListPanel({
  id,
  title,
  loading,
  errors,
  children,
}: {
  /** Unique id of the heading that labels the section. */
  id: string;
  title: string;
  loading: boolean;
  errors: unknown[];
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {loading && <p className="muted">Loading…</p>}
      {errors.map((error, i) => (
        <MutationError key={i} error={error} />
      ))}
      {children}
    </section>
  );
}

/** An admin table: the named columns plus a last, visually hidden "Actions" column. */
export function AdminTable({ columns, children }: { columns: string[]; children: ReactNode }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The last cell of an admin table row: its action buttons (and their errors). */
export function ActionsCell({ children }: { children: ReactNode }) {
  return <td className={styles.actions}>{children}</td>;
}
