import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function deleteCamera(id: number): Promise<void> {
  return apiRequest<void>(`/api/cameras/${id}`, { method: 'DELETE' });
}

export function useDeleteCamera() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCamera,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cameras }),
  });
}
