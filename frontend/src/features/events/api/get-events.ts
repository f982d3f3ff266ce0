import { EVENTS_PAGE_MAX, type CameraEvent, type EventsPage } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export interface GetEventsParams {
  after?: number | null;
  limit?: number;
  /** Long polling (with `after`): the server holds the answer up to this many seconds. */
  wait?: number;
  signal?: AbortSignal;
}

export function getEvents({ after, limit, wait, signal }: GetEventsParams = {}): Promise<EventsPage> {
  return apiRequest<EventsPage>('/api/events', { query: { after, limit, wait }, signal });
}

/** Without `after` the server answers the newest page, oldest first; the cache keeps newest first. */
export async function getRecentEvents(): Promise<CameraEvent[]> {
  const page = await getEvents({ limit: EVENTS_PAGE_MAX });
  return [...page.items].sort((a, b) => b.id - a.id);
}

// Live traffic is merged in by the socket; the list is reloaded only on resync_required.
export const recentEventsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.recentEvents, queryFn: getRecentEvents, staleTime: Infinity });

export function useRecentEvents() {
  return useQuery(recentEventsQueryOptions());
}
