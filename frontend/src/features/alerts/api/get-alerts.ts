import type { Alert } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const RECENT_ALERTS_LIMIT = 50;

export function getAlerts(status: 'open' | 'all', limit = RECENT_ALERTS_LIMIT): Promise<Alert[]> {
  return apiRequest<Alert[]>('/api/alerts', { query: { status, limit } });
}

/** The panel shows recent alerts (open and acknowledged), newest first. */
export const alertsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.alerts, queryFn: () => getAlerts('all'), staleTime: 30_000 });

export function useAlerts() {
  return useQuery(alertsQueryOptions());
}
