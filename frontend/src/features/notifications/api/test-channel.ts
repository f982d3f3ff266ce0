import type { ChannelTestResult } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function testChannel(id: number): Promise<ChannelTestResult> {
  return apiRequest<ChannelTestResult>(`/api/notifications/channels/${id}/test`, { method: 'POST' });
}

export function useTestChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: testChannel,
    // A push endpoint that is gone is removed by the test: the list may have changed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notificationChannels }),
  });
}
