import type { Camera, SnoozeCameraRequest } from '@argus/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { camerasQueryOptions } from './get-cameras';

export function snoozeCamera({ id, until }: SnoozeCameraRequest & { id: number }): Promise<Camera> {
  return apiRequest<Camera>(`/api/cameras/${id}/snooze`, { method: 'POST', body: { until } });
}

export function unsnoozeCamera(id: number): Promise<Camera> {
  return apiRequest<Camera>(`/api/cameras/${id}/snooze`, { method: 'DELETE' });
}

/** Snooze (`until` set) or end the snooze (`until` null) of one camera. */
export function useSnoozeCamera() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, until }: { id: number; until: string | null }) =>
      until === null ? unsnoozeCamera(id) : snoozeCamera({ id, until }),
    onSuccess: (camera) =>
      queryClient.setQueryData(camerasQueryOptions().queryKey, (old) =>
        old?.map((c) => (c.id === camera.id ? camera : c)),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: camerasQueryOptions().queryKey }),
  });
}
