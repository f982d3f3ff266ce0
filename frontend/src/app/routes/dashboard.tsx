import { AlertsPanel } from '@/features/alerts/components/alerts-panel';
import { CamerasPanel } from '@/features/cameras/components/cameras-panel';
import { useRecentEvents } from '@/features/events/api/get-events';
import { EventFeed } from '@/features/events/components/event-feed';
import { EventsChart } from '@/features/events/components/events-chart';
import { useStatistics } from '@/features/statistics/api/get-statistics';
import { StatCards } from '@/features/statistics/components/stat-cards';
import { useSession } from '@/hooks/use-session';
import styles from './dashboard.module.css';

export function DashboardRoute() {
  const stats = useStatistics();
  const events = useRecentEvents();
  const isAdmin = useSession()?.user.role === 'admin';
  return (
    <div className={styles.dashboard}>
      <h1 className="visually-hidden">Dashboard</h1>
      <div className={styles.stats}>
        <StatCards stats={stats.data} />
      </div>
      <div className={styles.alerts}>
        <AlertsPanel />
      </div>
      <div className={styles.feed}>
        <EventFeed events={events.data} loading={events.isPending} error={events.isError} />
      </div>
      <div className={styles.side}>
        <EventsChart />
        <CamerasPanel canSnooze={isAdmin} />
      </div>
    </div>
  );
}
