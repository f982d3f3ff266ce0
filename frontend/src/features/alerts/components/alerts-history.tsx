import { SEVERITIES, type Alert, type Severity } from '@argus/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Dialog, DialogActions } from '@/components/dialog';
import { SnapshotThumbnail } from '@/components/snapshot/snapshot-thumbnail';
import { cx } from '@/lib/class-names';
import { formatDateTime, SEVERITY_LABELS } from '@/lib/format';
import { RANGE_LABELS, RANGE_PRESETS, type RangePreset } from '@/lib/time-range';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { alertSearchParams, parseAlertFilter, useAlertHistory, type AlertFilter } from '../api/get-alert-history';
import styles from './alerts-history.module.css';

interface AlertsHistoryProps {
  cameras: ReadonlyArray<{ id: number; name: string }>;
}

function AlertRow({ alert }: { alert: Alert }) {
  const acknowledge = useAcknowledgeAlert();
  const open = alert.status === 'open';
  return (
    <li
      className={cx(styles.item, !open && styles.done)}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-status={alert.status}
    >
      <span className={cx('severity', `severity--${alert.severity}`, styles.badge)}>
        {SEVERITY_LABELS[alert.severity]}
      </span>
      <div className={styles.main}>
        <p className={styles.message}>{alert.message}</p>
        <p className={styles.meta}>
          {alert.camera_name} · <time dateTime={alert.created_at}>{formatDateTime(alert.created_at)}</time>
        </p>
        {!open && alert.acknowledged_by !== null && alert.acknowledged_at !== null && (
          <p className={styles.meta} data-testid="acknowledged">
            Acknowledged by <strong>{alert.acknowledged_by.username}</strong> at{' '}
            <time dateTime={alert.acknowledged_at}>{formatDateTime(alert.acknowledged_at)}</time>
          </p>
        )}
      </div>
      <SnapshotThumbnail eventId={alert.event_id} label={alert.message} optional />
      {open ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => acknowledge.mutate(alert.id)}
          disabled={acknowledge.isPending}
          aria-label={`Acknowledge: ${alert.message}`}
        >
          Acknowledge
        </button>
      ) : (
        <span />
      )}
      {acknowledge.isError && (
        <p className={cx('form-error', styles.error)} role="alert">
          Could not acknowledge: {acknowledge.error.message}
        </p>
      )}
    </li>
  );
}

interface AlertFiltersProps {
  filter: AlertFilter;
  onChange(patch: Partial<AlertFilter>): void;
  cameras: AlertsHistoryProps['cameras'];
}

/** Status, severity, camera and time: labelled native controls, applied as they change. */
function AlertFilters({ filter, onChange: set, cameras }: AlertFiltersProps) {
  const id = useId();
  return (
    <div className={styles.filters} data-testid="alert-filters">
      <fieldset className={styles.status}>
        <legend>Show</legend>
        {(['open', 'all'] as const).map((status) => (
          <label key={status}>
            <input
              type="radio"
              name={`${id}-status`}
              value={status}
              checked={filter.status === status}
              onChange={() => set({ status })}
            />{' '}
            {status === 'open' ? 'Open' : 'All'}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-severity`}>Severity</label>
        <select
          id={`${id}-severity`}
          value={filter.severity ?? ''}
          onChange={(event) =>
            set({ severity: event.target.value === '' ? undefined : (event.target.value as Severity) })
          }
        >
          <option value="">Any severity</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_LABELS[severity]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-camera`}>Camera</label>
        <select
          id={`${id}-camera`}
          value={filter.camera ?? ''}
          onChange={(event) => set({ camera: event.target.value === '' ? undefined : Number(event.target.value) })}
        >
          <option value="">All cameras</option>
          {cameras.map((camera) => (
            <option key={camera.id} value={camera.id}>
              {camera.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-range`}>Time</label>
        <select
          id={`${id}-range`}
          value={filter.range}
          onChange={(event) => set({ range: event.target.value as RangePreset })}
        >
          {RANGE_PRESETS.filter((preset) => preset !== 'custom').map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The Alerts page: open or all, by severity, camera and time, newest first; filters kept in the URL. */
export function AlertsHistory({ cameras }: AlertsHistoryProps) {
  const [sheetOpen, setSheetOpen] = useState(false);
  const [params, setParams] = useSearchParams();
  const filter = parseAlertFilter(params);
  const history = useAlertHistory(filter);
  const alerts = history.data?.pages.flatMap((page) => page.items) ?? [];
  const set = (patch: Partial<AlertFilter>) => setParams(alertSearchParams({ ...filter, ...patch }), { replace: true });
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  useEffect(() => {
    const element = sentinel.current;
    if (element === null || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.heading}>Alerts</h1>
        <button
          type="button"
          className={`button ${styles.sheetButton}`}
          onClick={() => setSheetOpen(true)}
          aria-haspopup="dialog"
        >
          Filters
        </button>
      </header>
      <div className={styles.inlineFilters}>
        <AlertFilters filter={filter} onChange={set} cameras={cameras} />
      </div>
      {sheetOpen && (
        <Dialog title="Filter alerts" onClose={() => setSheetOpen(false)} testId="alert-filter-sheet">
          <AlertFilters filter={filter} onChange={set} cameras={cameras} />
          <DialogActions>
            <button type="button" className="button button--primary" onClick={() => setSheetOpen(false)}>
              Show alerts
            </button>
          </DialogActions>
        </Dialog>
      )}
      <p className="muted" aria-live="polite">
        {history.isPending ? 'Loading alerts…' : `${alerts.length}${hasNextPage ? '+' : ''} alerts`}
      </p>
      {history.isError && (
        <p className="form-error" role="alert">
          Could not load alerts: {history.error.message}
        </p>
      )}
      {history.isSuccess && alerts.length === 0 && <p className="muted empty">No alerts match these filters.</p>}
      <ul className={styles.list}>
        {alerts.map((alert) => (
          <AlertRow key={alert.id} alert={alert} />
        ))}
      </ul>
      <div ref={sentinel} className={styles.end}>
        {hasNextPage && (
          <button type="button" className="button" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading older alerts…' : 'Load older alerts'}
          </button>
        )}
      </div>
    </div>
  );
}
