import type { SnapshotUrlResponse } from '@argus/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from './api-client';
import { ApiError } from './http';
import { queryKeys } from './query-keys';

/** Signed URLs live 10 to 15 minutes: reuse them for 8, so an <img> never holds an expired one. */
const FRESH_MS = 8 * 60 * 1000;

/** `GET /api/events/:id/snapshot-url`: URLs an <img> loads without the access token. 404: no image. */
export function getSnapshotUrls(eventId: number): Promise<SnapshotUrlResponse> {
  return apiRequest<SnapshotUrlResponse>(`/api/events/${eventId}/snapshot-url`);
}

export const snapshotUrlsQueryOptions = (eventId: number) =>
  queryOptions({
    queryKey: queryKeys.snapshotUrls(eventId),
    queryFn: () => getSnapshotUrls(eventId),
    staleTime: FRESH_MS,
    gcTime: FRESH_MS,
    // An event without an image answers 404: that is an answer, not a failure to retry.
    retry: (failures, error) => !(error instanceof ApiError && error.status === 404) && failures < 2,
  });
