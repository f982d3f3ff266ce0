import type { NotificationChannel, UpdateChannelRequest } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function updateChannel({ id, ...body }: UpdateChannelRequest & { id: number }): Promise<NotificationChannel> {
  return apiRequest<NotificationChannel>(`/api/notifications/channels/${id}`, { method: 'PATCH', body });
}

export function useUpdateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateChannel,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notificationChannels }),
  });
}
