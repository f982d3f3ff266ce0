import type { AlertRule, UpdateAlertRuleRequest } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function updateAlertRule({ id, ...body }: UpdateAlertRuleRequest & { id: number }): Promise<AlertRule> {
  return apiRequest<AlertRule>(`/api/alert-rules/${id}`, { method: 'PATCH', body });
}

export function useUpdateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAlertRule,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alertRules }),
  });
}
