import { EVENT_TYPES, type EventHistogram, type EventType } from '@argus/shared';
import { useId, useMemo, useState } from 'react';
import { cx } from '@/lib/class-names';
import { EVENT_TYPE_LABELS } from '@/lib/format';
import { CHART_SPANS, useEventHistogram, type ChartSpan } from '../api/get-event-histogram';
import styles from './events-chart.module.css';

export interface Bucket {
  start: number;
  counts: Record<EventType, number>;
  total: number;
}

const emptyCounts = (): Record<EventType, number> =>
  Object.fromEntries(EVENT_TYPES.map((type) => [type, 0])) as Record<EventType, number>;

/** The histogram's buckets with every type counted (zeros included) and a total. */
export function toBuckets(histogram: EventHistogram | undefined): Bucket[] {
  return (histogram?.items ?? []).map((item) => {
    const counts = emptyCounts();
    let total = 0;
    for (const type of EVENT_TYPES) {
      counts[type] = item.counts[type] ?? 0;
      total += counts[type];
    }
    return { start: Date.parse(item.start), counts, total };
  });
}

const SPAN_LABELS: Record<ChartSpan, string> = { hour: 'Hour', day: 'Day', week: 'Week' };
const SPAN_TITLES: Record<ChartSpan, string> = {
  hour: 'the last hour',
  day: 'the last 24 hours',
  week: 'the last 7 days',
};
const BUCKET_NAMES: Record<ChartSpan, string> = { hour: 'minute', day: 'hour', week: 'day' };
/** Every how many bars an axis label goes. */
const LABEL_EVERY: Record<ChartSpan, number> = { hour: 10, day: 4, week: 1 };

function bucketLabel(ms: number, span: ChartSpan): string {
  const date = new Date(ms);
  return span === 'week'
    ? date.toLocaleDateString([], { weekday: 'short', day: 'numeric' })
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { top: 10, right: 8, bottom: 24, left: 36 };

/** Stacked bars by event type from the server's histogram, for the last hour, day or week. */
export function EventsChart() {
  const titleId = useId();
  const descId = useId();
  const [span, setSpan] = useState<ChartSpan>('hour');
  const histogram = useEventHistogram(span);
  const buckets = useMemo(() => toBuckets(histogram.data), [histogram.data]);
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
  const slot = plotW / Math.max(1, buckets.length);
  const barW = slot * 0.7;
  const y = (value: number) => PAD.top + plotH - (value / niceMax) * plotH;
  const summary =
    total === 0
      ? `No events in ${SPAN_TITLES[span]}.`
      : `${total} events in ${SPAN_TITLES[span]}: ${EVENT_TYPES.filter((type) => totals[type] > 0)
          .map((type) => `${totals[type]} ${EVENT_TYPE_LABELS[type].toLowerCase()}`)
          .join(', ')}. Busiest ${BUCKET_NAMES[span]}: ${Math.max(...buckets.map((b) => b.total))} events.`;

  return (
    <section className="panel" data-testid="events-chart" aria-labelledby={titleId}>
      <header className="panel__header">
        <h2 id={titleId} className="panel__title">
          Events in {SPAN_TITLES[span]}
        </h2>
        <span className="panel__count">{total}</span>
      </header>
      <div className={styles.spans} role="group" aria-label="Chart span">
        {CHART_SPANS.map((option) => (
          <button
            key={option}
            type="button"
            className={cx('button button--small', option === span && styles.current)}
            aria-pressed={option === span}
            onClick={() => setSpan(option)}
          >
            {SPAN_LABELS[option]}
          </button>
        ))}
      </div>
      {histogram.isError && (
        <p className="form-error" role="alert">
          Could not load the chart.
        </p>
      )}
      <svg
        className={styles.chart}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        aria-busy={histogram.isPending}
      >
        <desc id={descId}>{histogram.isPending ? 'Loading.' : summary}</desc>
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
              <title>{`${bucketLabel(bucket.start, span)}: ${bucket.total} events`}</title>
              {EVENT_TYPES.map((type) => {
                const count = bucket.counts[type];
                if (count === 0) return null;
                const top = y(acc + count);
                const height = y(acc) - top;
                acc += count;
                return <rect key={type} className={styles[type]} x={x} y={top} width={barW} height={height} rx={1.5} />;
              })}
              {i % LABEL_EVERY[span] === 0 && (
                <text className={styles.axis} x={x + barW / 2} y={HEIGHT - 6} textAnchor="middle">
                  {bucketLabel(bucket.start, span)}
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
