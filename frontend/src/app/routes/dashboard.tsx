import { AlertsPanel } from '@/features/alerts/components/alerts-panel';
import { CamerasPanel } from '@/features/cameras/components/cameras-panel';
import { useStatistics } from '@/features/statistics/api/get-statistics';
import { StatCards } from '@/features/statistics/components/stat-cards';
import { useRecentEvents } from '@/features/events/api/get-events';
import { EventFeed } from '@/features/events/components/event-feed';
import { EventsChart } from '@/features/events/components/events-chart';

export function DashboardRoute() {
  const stats = useStatistics();
  const events = useRecentEvents();
  return (
    <div className="dashboard">
      <h1 className="visually-hidden">Dashboard</h1>
      <StatCards stats={stats.data} />
      <div className="dashboard__grid">
        <EventFeed events={events.data} loading={events.isPending} error={events.isError} />
        <div className="dashboard__column">
          <EventsChart events={events.data ?? []} />
          <CamerasPanel />
        </div>
        <AlertsPanel />
      </div>
    </div>
  );
}
