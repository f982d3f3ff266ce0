import { useEffect, useSyncExternalStore } from 'react';
import { CloseIcon } from '@/components/icons';
import { SEVERITY_LABELS } from '@/lib/format';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { alertToasts, type AlertToast } from '../stores/alert-toasts';

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
    <div className={`toast toast--${alert.severity}`} role="alert" data-testid="alert-toast" data-alert-id={alert.id}>
      <div className="toast__body">
        <strong className="toast__severity">{SEVERITY_LABELS[alert.severity]}</strong>
        <p className="toast__message">{alert.message}</p>
      </div>
      <div className="toast__actions">
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
    <section className="toasts" aria-label="New alerts">
      {toasts.map((toast) => (
        <Toast key={toast.key} toast={toast} />
      ))}
    </section>
  );
}
