import type { CameraEvent } from '@argus/shared';
import { EventTypeIcon } from '@/components/icons';
import { RelativeTime } from '@/components/relative-time';
import { SnapshotThumbnail } from '@/components/snapshot/snapshot-thumbnail';
import { cx } from '@/lib/class-names';
import { EVENT_TYPE_LABELS, formatConfidence } from '@/lib/format';
import styles from './event-feed.module.css';

export const FEED_LIMIT = 100;

interface EventFeedProps {
  /** Newest first (the cache's order). */
  events: readonly CameraEvent[] | undefined;
  loading?: boolean;
  error?: boolean;
}

function EventItem({ event }: { event: CameraEvent }) {
  const confidence = formatConfidence(event.data.confidence);
  return (
    <li className={cx(styles.event, styles[event.event_type])} data-testid="event-item" data-event-id={event.id}>
      <span className={styles.icon} aria-hidden="true">
        <EventTypeIcon type={event.event_type} />
      </span>
      <div className={styles.main}>
        <p className={styles.title}>
          <span className={styles.type}>{EVENT_TYPE_LABELS[event.event_type]}</span>
          {event.data.person_name !== undefined && <span className={styles.person}>{event.data.person_name}</span>}
          {confidence !== null && (
            <span className={styles.confidence} title="Confidence">
              {confidence}
            </span>
          )}
        </p>
        <p className={styles.meta}>{event.camera_name}</p>
      </div>
      {event.has_snapshot ? (
        <SnapshotThumbnail
          eventId={event.id}
          label={`${EVENT_TYPE_LABELS[event.event_type]} at ${event.camera_name}`}
        />
      ) : (
        <span />
      )}
      <span className={styles.time}>
        <RelativeTime iso={event.occurred_at} />
      </span>
    </li>
  );
}

/** The live feed, newest first; a polite live region so new events are announced without interrupting. */
export function EventFeed({ events, loading, error }: EventFeedProps) {
  const shown = (events ?? []).slice(0, FEED_LIMIT);
  return (
    <section className="panel" aria-labelledby="feed-heading">
      <header className="panel__header">
        <h2 id="feed-heading" className="panel__title">
          Live events
        </h2>
        <span className="panel__count">{shown.length === FEED_LIMIT ? `latest ${FEED_LIMIT}` : shown.length}</span>
      </header>
      {loading === true && <p className="muted">Loading events…</p>}
      {error === true && (
        <p className="form-error" role="alert">
          Could not load events.
        </p>
      )}
      <ol
        className={styles.feed}
        data-testid="event-feed"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-labelledby="feed-heading"
      >
        {shown.map((event) => (
          <EventItem key={event.id} event={event} />
        ))}
      </ol>
      {loading !== true && shown.length === 0 && <p className="muted empty">No events yet.</p>}
    </section>
  );
}
