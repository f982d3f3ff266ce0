import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function deleteAlertRule(id: number): Promise<void> {
  return apiRequest<void>(`/api/alert-rules/${id}`, { method: 'DELETE' });
}

export function useDeleteAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAlertRule,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alertRules }),
  });
}
