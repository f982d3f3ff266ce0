import type { Alert } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { applyAcknowledged } from '@/realtime/cache-updates';
import { alertHistoryQueryOptions, alertHistoryRootKey, replaceAlert, type AlertFilter } from './get-alert-history';
import { alertsQueryOptions } from './get-alerts';

export function acknowledgeAlert(id: number): Promise<Alert> {
  return apiRequest<Alert>(`/api/alerts/${id}/ack`, { method: 'POST' });
}

/** Optimistic: the alert shows as acknowledged at once and rolls back if the server refuses. */
export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  const { queryKey } = alertsQueryOptions();
  return useMutation({
    mutationFn: acknowledgeAlert,
    onMutate: async (id: number) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData(queryKey);
      const user = sessionStore.get()?.user;
      queryClient.setQueryData(queryKey, (old) =>
        applyAcknowledged(old, id, { id: user?.id ?? 0, username: user?.username ?? 'you' }, new Date().toISOString()),
      );
      return { previous };
    },
    onError: (_error, _id, context) => {
      queryClient.setQueryData(queryKey, context?.previous);
    },
    onSuccess: (alert) => {
      queryClient.setQueryData(queryKey, (old) => old?.map((a) => (a.id === alert.id ? alert : a)));
      // The Alerts page's lists show who acknowledged and when, from the server's answer.
      for (const query of queryClient.getQueryCache().findAll({ queryKey: alertHistoryRootKey })) {
        // The key is alertHistoryQueryOptions(filter).queryKey: its third part is the filter.
        const filter = query.queryKey[2] as AlertFilter;
        queryClient.setQueryData(alertHistoryQueryOptions(filter).queryKey, (old) => replaceAlert(old, alert));
      }
    },
    // Open alerts are counted in the statistics.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.statistics }),
  });
}
