import type { Camera, UpdateCameraRequest } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function updateCamera({ id, ...body }: UpdateCameraRequest & { id: number }): Promise<Camera> {
  return apiRequest<Camera>(`/api/cameras/${id}`, { method: 'PATCH', body });
}

export function useUpdateCamera() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCamera,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cameras }),
  });
}
