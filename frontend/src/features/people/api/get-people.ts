import type { Person } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getPeople(): Promise<Person[]> {
  return apiRequest<Person[]>('/api/people');
}

export const peopleQueryOptions = () => queryOptions({ queryKey: queryKeys.people, queryFn: getPeople });

export function usePeople() {
  return useQuery(peopleQueryOptions());
}
