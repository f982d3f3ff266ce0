import { useId } from 'react';
import { cx } from '@/lib/class-names';
import { DAY_NAMES, DAY_SHORT } from './rule-summary';
import styles from './rule-form.module.css';

export interface ScheduleDraft {
  enabled: boolean;
  days: readonly number[];
  start: string;
  end: string;
}

// Monday first, as most calendars here show the week; the values stay 0 = Sunday.
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;

/** When a rule is armed: day toggles (pressed buttons) and a start and end time. */
export function ScheduleEditor({ value, onChange }: { value: ScheduleDraft; onChange(next: ScheduleDraft): void }) {
  const ids = { toggle: useId(), start: useId(), end: useId(), hint: useId(), days: useId() };
  const toggleDay = (day: number) =>
    onChange({
      ...value,
      days: value.days.includes(day) ? value.days.filter((d) => d !== day) : [...value.days, day],
    });
  const overnight = value.start > value.end;
  return (
    <fieldset className={styles.schedule}>
      <legend className={styles.legend}>Schedule</legend>
      <label className={styles.check} htmlFor={ids.toggle}>
        <input
          id={ids.toggle}
          type="checkbox"
          checked={value.enabled}
          onChange={(event) => onChange({ ...value, enabled: event.target.checked })}
        />
        Only on certain days and hours
      </label>
      {value.enabled && (
        <>
          <div className={styles.days} role="group" aria-labelledby={ids.days}>
            <span id={ids.days} className={styles.label}>
              Days
            </span>
            {WEEK.map((day) => (
              <button
                key={day}
                type="button"
                className={cx(styles.day, value.days.includes(day) && styles.dayOn)}
                aria-pressed={value.days.includes(day)}
                aria-label={DAY_NAMES[day]}
                title={DAY_NAMES[day]}
                onClick={() => toggleDay(day)}
              >
                {DAY_SHORT[day]}
              </button>
            ))}
          </div>
          <div className={styles.times}>
            <div className="field">
              <label htmlFor={ids.start}>From</label>
              <input
                id={ids.start}
                type="time"
                required
                value={value.start}
                aria-describedby={ids.hint}
                onChange={(event) => onChange({ ...value, start: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.end}>Until</label>
              <input
                id={ids.end}
                type="time"
                required
                value={value.end}
                aria-describedby={ids.hint}
                onChange={(event) => onChange({ ...value, end: event.target.value })}
              />
            </div>
          </div>
          <p id={ids.hint} className="muted">
            {value.days.length === 0
              ? 'Pick at least one day.'
              : value.start === value.end
                ? 'All day on the chosen days.'
                : overnight
                  ? `Overnight: from ${value.start} on each chosen day until ${value.end} the next morning.`
                  : `From ${value.start} until ${value.end} (not included) on each chosen day.`}{' '}
            Times are the server’s local time.
          </p>
        </>
      )}
    </fieldset>
  );
}
