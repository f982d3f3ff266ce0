import type { Camera } from '@argus/shared';
import { useState } from 'react';
import { Dialog, DialogActions } from '@/components/dialog';
import { MutationError } from '@/components/mutation-error';
import { useNow } from '@/hooks/use-now';
import { cx } from '@/lib/class-names';
import { useSnoozeCamera } from '../api/snooze-camera';
import styles from './camera-snooze.module.css';

const HOUR_MS = 3_600_000;

/** Tomorrow at 08:00 in the browser's time zone. */
export function tomorrowMorning(now: Date): Date {
  const next = new Date(now);
  next.setDate(next.getDate() + 1);
  next.setHours(8, 0, 0, 0);
  return next;
}

/** "14:30", or "Tue 08:00" when not today. */
export function formatSnoozeEnd(iso: string, now: Date): string {
  const end = new Date(iso);
  const time = end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (end.toDateString() === now.toDateString()) return time;
  return `${end.toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
}

/** "Alerts snoozed until 14:30", for everyone; nothing while the camera alerts normally. */
export function SnoozeState({ camera, className }: { camera: Camera; className?: string }) {
  if (camera.snoozed_until === null) return null;
  return <SnoozedUntil until={camera.snoozed_until} className={className} />;
}

function SnoozedUntil({ until, className }: { until: string; className?: string }) {
  // Only snoozed cameras watch the clock (every 10 s): a snooze that ran out shows as none
  // before the next refetch of the list.
  const now = useNow(10_000);
  if (Date.parse(until) <= now) return null;
  return (
    <span className={cx(styles.state, className)} data-testid="camera-snoozed" title={until}>
      Alerts snoozed until {formatSnoozeEnd(until, new Date(now))}
    </span>
  );
}

/** For admins: snooze a camera's alerts for a while, or resume them. */
export function SnoozeControl({ camera }: { camera: Camera }) {
  const snooze = useSnoozeCamera();
  const [choosing, setChoosing] = useState(false);
  const choose = (until: Date) =>
    snooze.mutate({ id: camera.id, until: until.toISOString() }, { onSuccess: () => setChoosing(false) });
  const now = new Date();
  const presets = [
    { label: '1 hour', until: () => new Date(Date.now() + HOUR_MS) },
    { label: '8 hours', until: () => new Date(Date.now() + 8 * HOUR_MS) },
    {
      label: `Until tomorrow, ${tomorrowMorning(now).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`,
      until: () => tomorrowMorning(new Date()),
    },
  ];

  if (camera.snoozed_until !== null) {
    return (
      <>
        <button
          type="button"
          className="button button--small"
          disabled={snooze.isPending}
          aria-label={`Resume alerts from ${camera.name}`}
          onClick={() => snooze.mutate({ id: camera.id, until: null })}
        >
          Resume alerts
        </button>
        <MutationError error={snooze.error} />
      </>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button button--small"
        aria-label={`Snooze alerts from ${camera.name}`}
        onClick={() => setChoosing(true)}
      >
        Snooze
      </button>
      {choosing && (
        <Dialog
          title={`Snooze ${camera.name}`}
          description="No alerts from this camera for anyone until then. Its events are still recorded."
          onClose={() => setChoosing(false)}
          testId="snooze-dialog"
        >
          <div className={styles.presets} role="group" aria-label="Snooze for">
            {presets.map((preset) => (
              <button
                key={preset.label}
                type="button"
                className="button"
                disabled={snooze.isPending}
                onClick={() => choose(preset.until())}
              >
                {preset.label}
              </button>
            ))}
          </div>
          <MutationError error={snooze.error} />
          <DialogActions>
            <button type="button" className="button" onClick={() => setChoosing(false)}>
              Cancel
            </button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
