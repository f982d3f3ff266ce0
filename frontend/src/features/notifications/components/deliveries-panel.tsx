import type { NotificationChannel } from '@argus/shared';
import { useId, useState } from 'react';
import { MutationError } from '@/components/mutation-error';
import { formatDateTime } from '@/lib/format';
import { useDeliveries } from '../api/get-deliveries';
import { channelTarget } from './channels-panel';
import { KIND_LABELS } from './channel-form';
import styles from './notifications.module.css';

export interface AlertOption {
  id: number;
  label: string;
}

/** Every attempt to send one alert to the caller's channels (retries included), refreshed while open. */
export function DeliveriesPanel({
  alerts,
  channels,
}: {
  /** Recent alerts, passed in by the page (features do not import each other). */
  alerts: readonly AlertOption[];
  channels: readonly NotificationChannel[];
}) {
  const [chosen, setChosen] = useState<number | null>(null);
  const alertId = chosen ?? alerts[0]?.id ?? null;
  const deliveries = useDeliveries(alertId);
  const selectId = useId();
  const describe = (channelId: number) => {
    const channel = channels.find((c) => c.id === channelId);
    return channel === undefined ? `channel #${channelId} (removed)` : channelTarget(channel);
  };
  return (
    <section className="panel" aria-labelledby="deliveries-heading" data-testid="deliveries">
      <h2 id="deliveries-heading" className="panel__title">
        Delivery log
      </h2>
      {alerts.length === 0 ? (
        <p className="muted">No alerts yet.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={selectId}>Alert</label>
            <select id={selectId} value={alertId ?? ''} onChange={(e) => setChosen(Number(e.target.value))}>
              {alerts.map((alert) => (
                <option key={alert.id} value={alert.id}>
                  {alert.label}
                </option>
              ))}
            </select>
          </div>
          <MutationError error={deliveries.error} />
          {deliveries.data !== undefined && deliveries.data.length === 0 && (
            <p className="muted">Not sent to any channel (none matched, or quiet hours held it back).</p>
          )}
          {deliveries.data !== undefined && deliveries.data.length > 0 && (
            <ol className={styles.list}>
              {deliveries.data.map((row) => (
                <li
                  key={`${row.channel_id}-${row.attempt}-${row.status}`}
                  className={styles.item}
                  data-testid="delivery-row"
                  data-status={row.status}
                >
                  <div className={styles.itemMain}>
                    <div className={styles.attemptHead}>
                      <strong>{KIND_LABELS[row.kind]}</strong>
                      <span className={styles.target}>{describe(row.channel_id)}</span>
                    </div>
                    <div className={styles.attemptHead}>
                      <span className={`delivery-status delivery-status--${row.status}`}>{row.status}</span>
                      <span>attempt {row.attempt}</span>
                      <span className="muted">
                        {row.status === 'pending' ? 'due ' : ''}
                        {formatDateTime(row.at)}
                      </span>
                    </div>
                    <p className={styles.detail}>{row.detail}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
