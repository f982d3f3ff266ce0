import { EVENT_TYPES, type CameraEvent, type EventType } from '@argus/shared';
import { useId, useMemo } from 'react';
import { useNow } from '@/hooks/use-now';
import { cx } from '@/lib/class-names';
import { EVENT_TYPE_LABELS } from '@/lib/format';
import styles from './events-chart.module.css';

const BUCKET_MS = 5 * 60_000;
const BUCKETS = 12;

export interface Bucket {
  start: number;
  counts: Record<EventType, number>;
  total: number;
}

const emptyCounts = (): Record<EventType, number> =>
  Object.fromEntries(EVENT_TYPES.map((type) => [type, 0])) as Record<EventType, number>;

/** Counts events per type in 5-minute buckets over the last hour (the last bucket is the current one). */
export function bucketEvents(events: readonly CameraEvent[], now: number): Bucket[] {
  const end = Math.floor(now / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
  const start = end - BUCKETS * BUCKET_MS;
  const buckets: Bucket[] = Array.from({ length: BUCKETS }, (_, i) => ({
    start: start + i * BUCKET_MS,
    counts: emptyCounts(),
    total: 0,
  }));
  for (const event of events) {
    const at = Date.parse(event.occurred_at);
    if (Number.isNaN(at) || at < start || at >= end) continue;
    const bucket = buckets[Math.floor((at - start) / BUCKET_MS)];
    bucket.counts[event.event_type] += 1;
    bucket.total += 1;
  }
  return buckets;
}

function timeLabel(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { top: 10, right: 8, bottom: 24, left: 32 };

/** Stacked bars per 5 minutes, by event type, drawn as inline SVG from the events cache. */
export function EventsChart({ events }: { events: readonly CameraEvent[] }) {
  const titleId = useId();
  const descId = useId();
  // Re-rendered when the events change or the clock enters a new 10-second step, not every second.
  const now = useNow(10_000);
  const buckets = useMemo(() => bucketEvents(events, now), [events, now]);
  const totals = useMemo(() => {
    const counts = emptyCounts();
    for (const bucket of buckets) for (const type of EVENT_TYPES) counts[type] += bucket.counts[type];
    return counts;
  }, [buckets]);
  const total = buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  const max = Math.max(4, ...buckets.map((bucket) => bucket.total));
  const niceMax = Math.ceil(max / 4) * 4;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / BUCKETS;
  const barW = slot * 0.7;
  const y = (value: number) => PAD.top + plotH - (value / niceMax) * plotH;
  const summary =
    total === 0
      ? 'No events in the last hour.'
      : `${total} events in the last hour: ${EVENT_TYPES.filter((type) => totals[type] > 0)
          .map((type) => `${totals[type]} ${EVENT_TYPE_LABELS[type].toLowerCase()}`)
          .join(', ')}. Busiest 5 minutes: ${Math.max(...buckets.map((b) => b.total))} events.`;

  return (
    <section className="panel" data-testid="events-chart" aria-labelledby={titleId}>
      <header className="panel__header">
        <h2 id={titleId} className="panel__title">
          Events in the last hour
        </h2>
        <span className="panel__count">{total}</span>
      </header>
      <svg
        className={styles.chart}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
      >
        <desc id={descId}>{summary}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f} className={styles.grid}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(niceMax * f)} y2={y(niceMax * f)} />
            <text x={PAD.left - 6} y={y(niceMax * f)} dy="0.32em" textAnchor="end">
              {Math.round(niceMax * f)}
            </text>
          </g>
        ))}
        {buckets.map((bucket, i) => {
          let acc = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={bucket.start}>
              <title>{`${timeLabel(bucket.start)}: ${bucket.total} events`}</title>
              {EVENT_TYPES.map((type) => {
                const count = bucket.counts[type];
                if (count === 0) return null;
                const top = y(acc + count);
                const height = y(acc) - top;
                acc += count;
                return <rect key={type} className={styles[type]} x={x} y={top} width={barW} height={height} rx={1.5} />;
              })}
              {i % 3 === 0 && (
                <text className={styles.axis} x={x + barW / 2} y={HEIGHT - 6} textAnchor="middle">
                  {timeLabel(bucket.start)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className={styles.legend} aria-label="Legend">
        {EVENT_TYPES.map((type) => (
          <li key={type} className={styles.legendItem}>
            <span className={cx(styles.swatch, styles[type])} aria-hidden="true" />
            {EVENT_TYPE_LABELS[type]} <span className={styles.count}>{totals[type]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
