import type { CameraSource } from '@argus/shared';
import { SOURCE_LABELS } from '@/lib/format';
import styles from './source-badge.module.css';

/** "Frigate" or "Simulated" next to a camera's name; nothing for a camera fed through the API. */
export function SourceBadge({ source }: { source: CameraSource }) {
  const label = SOURCE_LABELS[source];
  if (label === null) return null;
  return (
    <span className={styles.badge} data-testid="camera-source" data-source={source}>
      {label}
    </span>
  );
}
