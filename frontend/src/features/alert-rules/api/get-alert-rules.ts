import type { AlertRule } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getAlertRules(): Promise<AlertRule[]> {
  return apiRequest<AlertRule[]>('/api/alert-rules');
}

export const alertRulesQueryOptions = () => queryOptions({ queryKey: queryKeys.alertRules, queryFn: getAlertRules });

export function useAlertRules() {
  return useQuery(alertRulesQueryOptions());
}
