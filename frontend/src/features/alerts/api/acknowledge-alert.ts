import type { Alert } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session';
import { applyAcknowledged } from '@/realtime/cache-updates';
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
    },
    // Open alerts are counted in the statistics.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.statistics }),
  });
}
