import type { Camera } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getCameras(): Promise<Camera[]> {
  return apiRequest<Camera[]>('/api/cameras');
}

/** Status comes live from camera_online/offline events; a refetch every 30 s catches anything else. */
export const camerasQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.cameras, queryFn: getCameras, refetchInterval: 30_000 });

export function useCameras() {
  return useQuery(camerasQueryOptions());
}
