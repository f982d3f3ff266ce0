import type { NotificationPreferences } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getPreferences(): Promise<NotificationPreferences> {
  return apiRequest<NotificationPreferences>('/api/notifications/preferences');
}

export const preferencesQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.notificationPreferences, queryFn: getPreferences });

export function usePreferences() {
  return useQuery(preferencesQueryOptions());
}
