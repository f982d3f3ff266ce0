import type { AlertRule, CreateAlertRuleRequest } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function createAlertRule(body: CreateAlertRuleRequest): Promise<AlertRule> {
  return apiRequest<AlertRule>('/api/alert-rules', { method: 'POST', body });
}

export function useCreateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAlertRule,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.alertRules }),
  });
}
