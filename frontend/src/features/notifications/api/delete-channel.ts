import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function deleteChannel(id: number): Promise<void> {
  return apiRequest<void>(`/api/notifications/channels/${id}`, { method: 'DELETE' });
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteChannel,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notificationChannels }),
  });
}
