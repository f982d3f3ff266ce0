import type { DeliveryAttempt } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getDeliveries(alertId: number): Promise<DeliveryAttempt[]> {
  return apiRequest<DeliveryAttempt[]>('/api/notifications/deliveries', { query: { alert_id: alertId } });
}

/** Refreshed every 5 s while shown: retries land in the log as they happen. */
export const deliveriesQueryOptions = (alertId: number) =>
  queryOptions({
    queryKey: queryKeys.deliveries(alertId),
    queryFn: () => getDeliveries(alertId),
    refetchInterval: 5000,
  });

export function useDeliveries(alertId: number | null) {
  return useQuery({ ...deliveriesQueryOptions(alertId ?? 0), enabled: alertId !== null });
}
