import type { NotificationChannel } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getChannels(): Promise<NotificationChannel[]> {
  return apiRequest<NotificationChannel[]>('/api/notifications/channels');
}

export const channelsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.notificationChannels, queryFn: getChannels });

export function useChannels() {
  return useQuery(channelsQueryOptions());
}
