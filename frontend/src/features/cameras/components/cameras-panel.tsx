import { CameraIcon, CameraOffIcon } from '@/components/icons';
import { RelativeTime } from '@/components/relative-time';
import { SourceBadge } from '@/components/source-badge';
import { cx } from '@/lib/class-names';
import { useCameras } from '../api/get-cameras';
import { SnoozeControl, SnoozeState } from './camera-snooze';
import styles from './cameras-panel.module.css';

/** `canSnooze`: the viewer is an admin (the page knows the session), so each camera gets its snooze control. */
export function CamerasPanel({ canSnooze = false }: { canSnooze?: boolean }) {
  const cameras = useCameras();
  const items = cameras.data ?? [];
  const online = items.filter((camera) => camera.status === 'online').length;
  return (
    <section className="panel" data-testid="cameras-panel" aria-labelledby="cameras-heading">
      <header className="panel__header">
        <h2 id="cameras-heading" className="panel__title">
          Cameras
        </h2>
        <span className="panel__count">
          {online} / {items.length} online
        </span>
      </header>
      {cameras.isPending && <p className="muted">Loading cameras…</p>}
      {cameras.isError && (
        <p className="form-error" role="alert">
          Could not load cameras.
        </p>
      )}
      {cameras.isSuccess && items.length === 0 && <p className="muted empty">No cameras yet.</p>}
      <ul className="stack-list">
        {items.map((camera) => (
          <li
            key={camera.id}
            className={cx(
              styles.camera,
              camera.status === 'offline' && styles.offline,
              !camera.enabled && styles.disabled,
            )}
            data-testid="camera-item"
            data-camera-id={camera.id}
            data-status={camera.status}
          >
            <span className={styles.icon} aria-hidden="true">
              {camera.status === 'online' ? <CameraIcon /> : <CameraOffIcon />}
            </span>
            <div>
              <p className={styles.name}>
                {camera.name}
                <SourceBadge source={camera.source} />
              </p>
              <p className={styles.meta}>
                {camera.location === '' ? 'No location' : camera.location}
                {camera.last_seen_at !== null && (
                  <>
                    {' · seen '}
                    <RelativeTime iso={camera.last_seen_at} />
                  </>
                )}
              </p>
            </div>
            <div className={styles.side}>
              <span className={`status status--${camera.status}`}>
                {camera.enabled ? (camera.status === 'online' ? 'Online' : 'Offline') : 'Disabled'}
              </span>
              {canSnooze && <SnoozeControl camera={camera} />}
            </div>
            <SnoozeState camera={camera} className={styles.snoozed} />
          </li>
        ))}
      </ul>
    </section>
  );
}
