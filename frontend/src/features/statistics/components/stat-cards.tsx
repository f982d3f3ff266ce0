import type { Statistics } from '@argus/shared';
import { RelativeTime } from '@/components/relative-time';
import { cx } from '@/lib/class-names';
import { formatDateTime } from '@/lib/format';
import styles from './stat-cards.module.css';

type StatKey = Exclude<keyof Statistics, 'generated_at'>;

interface StatDefinition {
  key: StatKey;
  label: string;
  tone?: 'ok' | 'warn' | 'danger';
}

const STATS: readonly StatDefinition[] = [
  { key: 'events_today', label: 'Events today' },
  { key: 'recognitions_today', label: 'Recognised today', tone: 'ok' },
  { key: 'unknown_faces_today', label: 'Unknown faces today', tone: 'warn' },
  { key: 'open_alerts', label: 'Open alerts', tone: 'danger' },
  { key: 'active_cameras', label: 'Active cameras' },
  { key: 'total_cameras', label: 'Cameras' },
  { key: 'total_people', label: 'Known people' },
  { key: 'last_recognition', label: 'Last recognition' },
];

function StatValue({ stats, stat }: { stats: Statistics; stat: StatKey }) {
  if (stat === 'last_recognition') {
    const value = stats.last_recognition;
    return value === null ? <>—</> : <RelativeTime iso={value} />;
  }
  return <>{stats[stat].toLocaleString()}</>;
}

interface StatCardsProps {
  stats: Statistics | undefined;
}

/** One card per Statistics field, large numbers, plus when the snapshot was taken. */
export function StatCards({ stats }: StatCardsProps) {
  return (
    <section className={styles.stats} aria-labelledby="stats-heading">
      <div className={styles.header}>
        <h2 id="stats-heading" className="visually-hidden">
          Statistics
        </h2>
        {stats === undefined ? (
          <p className={`muted ${styles.updated}`}>Waiting for the first snapshot…</p>
        ) : (
          <p
            className={`muted ${styles.updated}`}
            data-testid="stats-updated-at"
            data-generated-at={stats.generated_at}
            title={formatDateTime(stats.generated_at)}
          >
            <RelativeTime iso={stats.generated_at} prefix="Updated " />
          </p>
        )}
      </div>
      <dl className={styles.grid}>
        {STATS.map((stat) => {
          const highlighted =
            stats !== undefined &&
            ((stat.key === 'open_alerts' && stats.open_alerts > 0) ||
              (stat.key === 'unknown_faces_today' && stats.unknown_faces_today > 0) ||
              (stat.key === 'active_cameras' && stats.active_cameras < stats.total_cameras));
          return (
            <div
              key={stat.key}
              className={cx(
                styles.stat,
                stat.tone !== undefined && styles[stat.tone],
                stat.key === 'last_recognition' && styles.time,
                highlighted && styles.highlight,
              )}
              data-testid={`stat-${stat.key}`}
            >
              <dt className={styles.label}>{stat.label}</dt>
              <dd className={styles.value}>
                <span data-testid="stat-value">
                  {stats === undefined ? '…' : <StatValue stats={stats} stat={stat.key} />}
                </span>
                {/* Kept outside stat-value so the value stays a plain number. */}
                {stat.key === 'active_cameras' && stats !== undefined && (
                  <span className={styles.of}> of {stats.total_cameras}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
