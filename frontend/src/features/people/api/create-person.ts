import type { CreatePersonRequest, Person } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function createPerson(body: CreatePersonRequest): Promise<Person> {
  return apiRequest<Person>('/api/people', { method: 'POST', body });
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPerson,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.people }),
  });
}
