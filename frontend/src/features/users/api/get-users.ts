import type { User } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getUsers(): Promise<User[]> {
  return apiRequest<User[]>('/api/users');
}

export const usersQueryOptions = () => queryOptions({ queryKey: queryKeys.users, queryFn: getUsers });

export function useUsers(enabled = true) {
  return useQuery({ ...usersQueryOptions(), enabled });
}
