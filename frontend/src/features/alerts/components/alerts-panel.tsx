import type { Alert } from '@argus/shared';
import { BellIcon, CheckIcon } from '@/components/icons';
import { RelativeTime } from '@/components/relative-time';
import { SnapshotThumbnail } from '@/components/snapshot/snapshot-thumbnail';
import { cx } from '@/lib/class-names';
import { SEVERITY_LABELS } from '@/lib/format';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { useAlerts } from '../api/get-alerts';
import styles from './alerts-panel.module.css';

const SHOWN = 20;

function AlertItem({ alert }: { alert: Alert }) {
  const acknowledge = useAcknowledgeAlert();
  const open = alert.status === 'open';
  return (
    <li
      className={cx(styles.item, styles[alert.severity], !open && styles.done)}
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-status={alert.status}
    >
      <span className={cx('severity', `severity--${alert.severity}`, styles.severity)}>
        {SEVERITY_LABELS[alert.severity]}
      </span>
      <div className={styles.main}>
        <p className={styles.message}>{alert.message}</p>
        <p className={styles.meta}>
          {alert.camera_name} · <RelativeTime iso={alert.created_at} />
          {!open && alert.acknowledged_by !== null && <> · acknowledged by {alert.acknowledged_by.username}</>}
        </p>
      </div>
      <div className={styles.picture}>
        <SnapshotThumbnail eventId={alert.event_id} label={alert.message} optional />
      </div>
      {open ? (
        <button
          type="button"
          className={cx('button button--small', styles.action)}
          onClick={() => acknowledge.mutate(alert.id)}
          disabled={acknowledge.isPending}
        >
          Acknowledge
        </button>
      ) : (
        <span className={cx(styles.action, styles.check)} role="img" aria-label="Acknowledged" title="Acknowledged">
          <CheckIcon />
        </span>
      )}
      {acknowledge.isError && (
        <p className={cx('form-error', styles.error)} role="alert">
          Could not acknowledge: {acknowledge.error.message}
        </p>
      )}
    </li>
  );
}

export function AlertsPanel() {
  const alerts = useAlerts();
  const items = alerts.data ?? [];
  const open = items.filter((alert) => alert.status === 'open');
  // Open alerts first (newest first), then the recently acknowledged ones for context.
  const shown = [...open, ...items.filter((alert) => alert.status !== 'open')].slice(0, SHOWN);
  return (
    <section className="panel" data-testid="alerts-panel" aria-labelledby="alerts-heading">
      <header className="panel__header">
        <h2 id="alerts-heading" className="panel__title">
          <BellIcon /> Alerts
        </h2>
        <span className="panel__count">{open.length} open</span>
      </header>
      {alerts.isPending && <p className="muted">Loading alerts…</p>}
      {alerts.isError && (
        <p className="form-error" role="alert">
          Could not load alerts.
        </p>
      )}
      {alerts.isSuccess && shown.length === 0 && <p className="muted empty">No alerts. All quiet.</p>}
      <ul className="stack-list">
        {shown.map((alert) => (
          <AlertItem key={alert.id} alert={alert} />
        ))}
      </ul>
    </section>
  );
}
