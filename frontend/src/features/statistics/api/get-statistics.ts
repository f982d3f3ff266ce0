import type { Statistics } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getStatistics(): Promise<Statistics> {
  return apiRequest<Statistics>('/api/faces/statistics');
}

// The socket (or the polling fallback) keeps this entry fresh; REST only provides the first snapshot.
export const statisticsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.statistics, queryFn: getStatistics, staleTime: Infinity });

export function useStatistics() {
  return useQuery(statisticsQueryOptions());
}
