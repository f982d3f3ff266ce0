import { QueryClient } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alertsQueryOptions } from '@/features/alerts/api/get-alerts';
import { camerasQueryOptions } from '@/features/cameras/api/get-cameras';
import { eventHistogramQueryOptions } from '@/features/events/api/get-event-histogram';
import { recentEventsQueryOptions } from '@/features/events/api/get-events';
import { statisticsQueryOptions } from '@/features/statistics/api/get-statistics';
import { BASE_TIME, buildAlert, buildCamera, buildEvent, buildStatistics, isoAt } from '@/testing/builders';
import { renderWithProviders } from '@/testing/render';
import { DashboardRoute } from './dashboard';

// Render counts: the dashboard's relative times move every second, but the panels around them
// must not re-render for it (only the <time> elements do; the chart follows the server's histogram).

const renders = vi.hoisted(() => new Map<string, number>());

/** The component itself, counting its renders: called as a function, its hooks (and the re-renders they cause) are its own. */
function counted<P extends object>(name: string, render: (props: P) => ReactNode): (props: P) => ReactNode {
  return (props: P) => {
    renders.set(name, (renders.get(name) ?? 0) + 1);
    return render(props);
  };
}

vi.mock('@/features/statistics/components/stat-cards', async (load) => {
  const real = await load<typeof import('@/features/statistics/components/stat-cards')>();
  return { ...real, StatCards: counted('StatCards', real.StatCards) };
});
vi.mock('@/features/events/components/event-feed', async (load) => {
  const real = await load<typeof import('@/features/events/components/event-feed')>();
  return { ...real, EventFeed: counted('EventFeed', real.EventFeed) };
});
vi.mock('@/features/events/components/events-chart', async (load) => {
  const real = await load<typeof import('@/features/events/components/events-chart')>();
  return { ...real, EventsChart: counted('EventsChart', real.EventsChart) };
});
vi.mock('@/features/cameras/components/cameras-panel', async (load) => {
  const real = await load<typeof import('@/features/cameras/components/cameras-panel')>();
  return { ...real, CamerasPanel: counted('CamerasPanel', real.CamerasPanel) };
});
vi.mock('@/features/alerts/components/alerts-panel', async (load) => {
  const real = await load<typeof import('@/features/alerts/components/alerts-panel')>();
  return { ...real, AlertsPanel: counted('AlertsPanel', real.AlertsPanel) };
});

describe('DashboardRoute', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: BASE_TIME });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets time pass without re-rendering the panels: only the relative times move', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const recently = isoAt(BASE_TIME - 5_000);
    queryClient.setQueryData(statisticsQueryOptions().queryKey, buildStatistics({ generated_at: recently }));
    queryClient.setQueryData(recentEventsQueryOptions().queryKey, [buildEvent(1, { occurred_at: recently })]);
    queryClient.setQueryData(alertsQueryOptions().queryKey, [buildAlert(1, { created_at: recently })]);
    queryClient.setQueryData(camerasQueryOptions().queryKey, [buildCamera(1, { last_seen_at: recently })]);
    queryClient.setQueryData(eventHistogramQueryOptions('hour').queryKey, {
      bucket: 'minute',
      items: [{ start: recently, counts: { motion_detected: 1 } }],
    });
    renderWithProviders(<DashboardRoute />, { queryClient });
    expect(screen.getByTestId('stats-updated-at')).toHaveTextContent('Updated 5 s ago');
    const before = new Map(renders);

    for (let second = 0; second < 10; second += 1) await act(() => vi.advanceTimersByTimeAsync(1_000));

    expect(screen.getByTestId('stats-updated-at')).toHaveTextContent('Updated 15 s ago');
    expect(screen.getByTestId('event-item')).toHaveTextContent('15 s ago');
    const during = Object.fromEntries([...renders].map(([name, count]) => [name, count - (before.get(name) ?? 0)]));
    expect(during).toEqual({ StatCards: 0, EventFeed: 0, EventsChart: 0, CamerasPanel: 0, AlertsPanel: 0 });
  });
});
