import { useId } from 'react';
import type { ConnectionState, LiveSnapshot } from '@/realtime/types';

const LABELS: Record<ConnectionState, string> = {
  live: 'Live',
  connecting: 'Connecting',
  polling: 'Polling',
  offline: 'Offline',
};

export function describeConnection({ state, reason }: LiveSnapshot): string {
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

/** Always-visible connection state; explains itself on hover (title) and to screen readers (aria-describedby). */
export function ConnectionBadge({ snapshot }: { snapshot: LiveSnapshot }) {
  const descriptionId = useId();
  const description = describeConnection(snapshot);
  return (
    <div className="connection">
      <span
        className="badge"
        data-testid="connection-badge"
        data-state={snapshot.state}
        title={description}
        aria-describedby={descriptionId}
        tabIndex={0}
        role="status"
      >
        <span className="badge__dot" aria-hidden="true" />
        {LABELS[snapshot.state]}
      </span>
      <span id={descriptionId} className="connection__tooltip" role="tooltip">
        {description}
      </span>
      {snapshot.reason === 'connection_limit' && (
        <span className="connection__reason" data-testid="connection-reason">
          Too many open dashboards
        </span>
      )}
    </div>
  );
}
