import type { UpdateUserRequest, User } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function updateUser({ id, ...body }: UpdateUserRequest & { id: number }): Promise<User> {
  return apiRequest<User>(`/api/users/${id}`, { method: 'PATCH', body });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
}
