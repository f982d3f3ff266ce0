import type { CreateChannelRequest, NotificationChannel } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function createChannel(body: CreateChannelRequest): Promise<NotificationChannel> {
  return apiRequest<NotificationChannel>('/api/notifications/channels', { method: 'POST', body });
}

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createChannel,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notificationChannels }),
  });
}
