import { useId, useState } from 'react';
import type { ConnectionState, LiveSnapshot } from '@/realtime/types';
import styles from './connection-badge.module.css';

const LABELS: Record<ConnectionState, string> = {
  live: 'Live',
  connecting: 'Connecting',
  polling: 'Polling',
  offline: 'Offline',
};

/** The badge's explanation; while the server's database is down it says so first. */
export function describeConnection(snapshot: LiveSnapshot): string {
  if (snapshot.database === 'up') return describeTransport(snapshot);
  const outage =
    "The server's database is unavailable: live updates are paused; events stored meanwhile arrive when it is back.";
  // Open but silent: "receiving updates as they happen" would not be true.
  return snapshot.state === 'live' ? `Connected over WebSocket. ${outage}` : `${outage} ${describeTransport(snapshot)}`;
}

function describeTransport({ state, reason }: LiveSnapshot): string {
  switch (state) {
    case 'live':
      return 'Receiving updates over WebSocket as they happen.';
    case 'connecting':
      return 'Opening the live connection to the server…';
    case 'polling':
      return reason === 'connection_limit'
        ? 'Too many open dashboards for this account — refreshing every 5 s instead of live. Close another tab to go live.'
        : 'WebSocket unavailable — refreshing every 5 s while retrying the live connection.';
    case 'offline':
      return reason === 'browser_offline'
        ? 'This device is offline. Updates resume when the network returns.'
        : 'Cannot reach the server. Retrying in the background; the data shown may be out of date.';
  }
}

/**
 * Always-visible connection state. The badge is a button that explains itself: on hover and
 * keyboard focus, and on a tap where there is no hover. Changes are announced by a status region.
 */
export function ConnectionBadge({ snapshot }: { snapshot: LiveSnapshot }) {
  const descriptionId = useId();
  const [explained, setExplained] = useState(false);
  const description = describeConnection(snapshot);
  const label = LABELS[snapshot.state];
  return (
    <div className={styles.connection}>
      <button
        type="button"
        className={styles.badge}
        data-testid="connection-badge"
        data-state={snapshot.state}
        data-database={snapshot.database}
        title={description}
        aria-describedby={descriptionId}
        aria-expanded={explained}
        onClick={() => setExplained((shown) => !shown)}
        onBlur={() => setExplained(false)}
      >
        <span className={styles.dot} aria-hidden="true" />
        {label}
      </button>
      <span id={descriptionId} className={styles.tooltip} role="tooltip">
        {description}
      </span>
      <span className="visually-hidden" role="status">
        Connection: {label}
      </span>
      {snapshot.reason === 'connection_limit' && (
        <span className={styles.reason} data-testid="connection-reason">
          Too many open dashboards
        </span>
      )}
    </div>
  );
}
