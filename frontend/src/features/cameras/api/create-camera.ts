import type { CreateCameraRequest, CreatedCamera } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function createCamera(body: CreateCameraRequest): Promise<CreatedCamera> {
  return apiRequest<CreatedCamera>('/api/cameras', { method: 'POST', body });
}

export function useCreateCamera() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCamera,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cameras }),
  });
}
