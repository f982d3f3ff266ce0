import type { DatabaseState } from '@/realtime/types';
import { cx } from '@/lib/class-names';
import { DatabaseOffIcon } from './icons';
import styles from './service-banner.module.css';

/**
 * Shown while the server reports its database unreachable (`service_status`, or REST 503 while
 * polling); gone when it is back. role="alert": screen readers announce it when it appears.
 */
export function ServiceBanner({ database, className }: { database: DatabaseState; className?: string }) {
  if (database === 'up') return null;
  return (
    <p className={cx(styles.banner, className)} role="alert" data-testid="service-banner">
      <DatabaseOffIcon className={styles.icon} />
      <span>
        <strong>Database unavailable:</strong> live updates are paused; events stored meanwhile will arrive when it is
        back.
      </span>
    </p>
  );
}
