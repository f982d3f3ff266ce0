import type { QuietHours } from '@argus/shared';
import { useId, useState, type FormEvent } from 'react';
import { MutationError } from '@/components/mutation-error';
import { usePreferences } from '../api/get-preferences';
import { useUpdatePreferences } from '../api/update-preferences';
import styles from './notifications.module.css';

function QuietHoursForm({ saved }: { saved: QuietHours | null }) {
  const update = useUpdatePreferences();
  const [on, setOn] = useState(saved !== null);
  const [start, setStart] = useState(saved?.start ?? '22:00');
  const [end, setEnd] = useState(saved?.end ?? '07:00');
  const ids = { on: useId(), start: useId(), end: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ quiet_hours: on ? { start, end } : null });
  };
  return (
    <form className="form" onSubmit={submit} data-testid="quiet-hours">
      <div className="form__row">
        <label htmlFor={ids.on} className={styles.inlineCheck}>
          <input id={ids.on} type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> Quiet hours
        </label>
        <div className="field">
          <label htmlFor={ids.start}>From</label>
          <input
            id={ids.start}
            type="time"
            value={start}
            disabled={!on}
            required
            onChange={(e) => setStart(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.end}>Until</label>
          <input
            id={ids.end}
            type="time"
            value={end}
            disabled={!on}
            required
            onChange={(e) => setEnd(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          Save
        </button>
      </div>
      {update.isSuccess && (
        <p role="status" className="muted">
          Saved.
        </p>
      )}
      <MutationError error={update.error} />
    </form>
  );
}

/** Quiet hours: only critical alerts reach the channels in between (they still show on the dashboard). */
export function QuietHoursPanel() {
  const preferences = usePreferences();
  return (
    <section className="panel" aria-labelledby="quiet-hours-heading">
      <h2 id="quiet-hours-heading" className="panel__title">
        Quiet hours
      </h2>
      <p className="muted">
        In between, only critical alerts are sent to your channels; everything still shows on the dashboard. Times are
        the server&apos;s local time.
      </p>
      {preferences.isPending && <p className="muted">Loading…</p>}
      <MutationError error={preferences.error} />
      {preferences.data !== undefined && <QuietHoursForm saved={preferences.data.quiet_hours} />}
    </section>
  );
}
