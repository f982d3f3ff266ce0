import { useEffect, useSyncExternalStore } from 'react';
import { CloseIcon } from '@/components/icons';
import { cx } from '@/lib/class-names';
import { SEVERITY_LABELS } from '@/lib/format';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { alertToasts, type AlertToast } from '../stores/alert-toasts';
import styles from './alert-toasts.module.css';

const AUTO_HIDE_MS = 10_000;

function Toast({ toast }: { toast: AlertToast }) {
  const acknowledge = useAcknowledgeAlert();
  const { alert } = toast;

  useEffect(() => {
    // Critical alerts stay until someone deals with them.
    if (alert.severity === 'critical') return;
    const timer = setTimeout(() => alertToasts.dismiss(toast.key), AUTO_HIDE_MS);
    return () => clearTimeout(timer);
  }, [alert.severity, toast.key]);

  return (
    <div
      className={cx(styles.toast, styles[alert.severity])}
      role="alert"
      data-testid="alert-toast"
      data-alert-id={alert.id}
    >
      <div className={styles.body}>
        <strong className={styles.severity}>{SEVERITY_LABELS[alert.severity]}</strong>
        <p className={styles.message}>{alert.message}</p>
      </div>
      <div className={styles.actions}>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={acknowledge.isPending}
          onClick={() =>
            acknowledge.mutate(alert.id, {
              onSuccess: () => alertToasts.dismiss(toast.key),
            })
          }
        >
          Acknowledge
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Dismiss"
          title="Dismiss"
          onClick={() => alertToasts.dismiss(toast.key)}
        >
          <CloseIcon />
        </button>
      </div>
    </div>
  );
}

/** New-alert toasts, announced by screen readers (role="alert" on each). */
export function AlertToasts() {
  const toasts = useSyncExternalStore(alertToasts.subscribe, alertToasts.getSnapshot);
  return (
    <section className={styles.toasts} aria-label="New alerts">
      {toasts.map((toast) => (
        <Toast key={toast.key} toast={toast} />
      ))}
    </section>
  );
}
