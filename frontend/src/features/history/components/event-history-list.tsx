import type { CameraEvent } from '@argus/shared';
import { useEffect, useRef } from 'react';
import { EventTypeIcon } from '@/components/icons';
import { SnapshotThumbnail } from '@/components/snapshot/snapshot-thumbnail';
import { cx } from '@/lib/class-names';
import { EVENT_TYPE_LABELS, formatConfidence } from '@/lib/format';
import styles from './history.module.css';
import { ScrollKeeper } from './scroll-keeper';

interface EventHistoryListProps {
  /** Newest first. */
  events: readonly CameraEvent[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
}

const dayKey = (iso: string) => new Date(iso).toDateString();
const dayLabel = (iso: string) =>
  new Date(iso).toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Events grouped under day headings (by the browser's local date of occurred_at), in the order given. */
function byDay(events: readonly CameraEvent[]): Array<{ key: string; label: string; events: CameraEvent[] }> {
  const days: Array<{ key: string; label: string; events: CameraEvent[] }> = [];
  for (const event of events) {
    const key = dayKey(event.occurred_at);
    const last = days[days.length - 1];
    if (last?.key === key) last.events.push(event);
    else days.push({ key, label: dayLabel(event.occurred_at), events: [event] });
  }
  return days;
}

function HistoryItem({ event }: { event: CameraEvent }) {
  const confidence = formatConfidence(event.data.confidence);
  const label = `${EVENT_TYPE_LABELS[event.event_type]} at ${event.camera_name}`;
  return (
    <li className={cx(styles.item, styles[event.event_type])} data-testid="history-item" data-event-id={event.id}>
      <span className={styles.icon} aria-hidden="true">
        <EventTypeIcon type={event.event_type} />
      </span>
      <div className={styles.main}>
        <p className={styles.title}>
          <span className={styles.type}>{EVENT_TYPE_LABELS[event.event_type]}</span>
          {event.data.person_name !== undefined && <span className={styles.person}>{event.data.person_name}</span>}
          {confidence !== null && <span className={styles.confidence}>{confidence}</span>}
        </p>
        <p className={styles.meta}>{event.camera_name}</p>
      </div>
      {event.has_snapshot ? <SnapshotThumbnail eventId={event.id} label={label} /> : <span />}
      <time className={styles.time} dateTime={event.occurred_at}>
        {timeLabel(event.occurred_at)}
      </time>
    </li>
  );
}

/**
 * The history, newest first, a heading per day. Older pages load as the end comes into view
 * (and from a button, for keyboards and screen readers). Live events are inserted above:
 * the browser's scroll anchoring keeps what the user is looking at in place.
 */
export function EventHistoryList({ events, hasMore, loadingMore, onLoadMore }: EventHistoryListProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  const loadMore = useRef(onLoadMore);
  useEffect(() => {
    loadMore.current = onLoadMore;
  });
  useEffect(() => {
    const element = sentinel.current;
    if (element === null || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore.current();
      },
      { rootMargin: '400px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, events.length]);

  return (
    <ScrollKeeper version={events} className={styles.list}>
      {byDay(events).map((day) => (
        <section key={day.key} aria-label={day.label} className={styles.day}>
          <h2 className={styles.dayHeading}>{day.label}</h2>
          <ol className={styles.items}>
            {day.events.map((event) => (
              <HistoryItem key={event.id} event={event} />
            ))}
          </ol>
        </section>
      ))}
      <div ref={sentinel} className={styles.end}>
        {hasMore ? (
          <button type="button" className="button" onClick={onLoadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading older events…' : 'Load older events'}
          </button>
        ) : (
          events.length > 0 && <p className="muted">No older events.</p>
        )}
      </div>
    </ScrollKeeper>
  );
}
