import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function deletePerson(id: number): Promise<void> {
  return apiRequest<void>(`/api/people/${id}`, { method: 'DELETE' });
}

export function useDeletePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deletePerson,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.people }),
  });
}
