import { HISTORY_FIRST_PAGE, type CameraEvent, type EventHistoryPage } from '@argus/shared';
import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import type { TimeRange } from '@/lib/time-range';
import { historyQuery, matchesFilter, resolveRange, type HistoryFilter } from './history-filter';

export const HISTORY_PAGE_SIZE = 50;

/** A page as the cache keeps it: with the range it was read for, so older pages and live events use the same. */
export interface HistoryPage extends EventHistoryPage {
  range: TimeRange;
}

interface PageParam {
  before: number;
  range: TimeRange;
}

export async function getEventHistory(filter: HistoryFilter, param: PageParam | null): Promise<HistoryPage> {
  const range = param?.range ?? resolveRange(filter, new Date());
  const page = await apiRequest<EventHistoryPage>('/api/events', {
    query: { before: param?.before ?? HISTORY_FIRST_PAGE, limit: HISTORY_PAGE_SIZE, ...historyQuery(filter, range) },
  });
  return { ...page, range };
}

export const historyRootKey = ['history', 'events'] as const;

export const eventHistoryQueryOptions = (filter: HistoryFilter) =>
  infiniteQueryOptions({
    queryKey: [...historyRootKey, filter] as const,
    queryFn: ({ pageParam }) => getEventHistory(filter, pageParam),
    initialPageParam: null as PageParam | null,
    getNextPageParam: (last): PageParam | undefined =>
      last.next_before === null ? undefined : { before: last.next_before, range: last.range },
    // Live events are merged in by the socket; a list is read again only when its filter is opened anew.
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });

export function useEventHistory(filter: HistoryFilter) {
  return useInfiniteQuery(eventHistoryQueryOptions(filter));
}

/**
 * Puts live events matching the list's filter at the top of its first page: pure, immutable,
 * id-guarded (an event already listed is left alone); the old reference when nothing changes.
 */
export function applyHistoryEvents<Param>(
  old: InfiniteData<HistoryPage, Param> | undefined,
  filter: HistoryFilter,
  events: readonly CameraEvent[],
): InfiniteData<HistoryPage, Param> | undefined {
  const first = old?.pages[0];
  if (old === undefined || first === undefined) return old;
  const known = new Set(old.pages.flatMap((page) => page.items.map((event) => event.id)));
  const newest = first.items[0]?.id ?? 0;
  const fresh = events
    .filter((event) => !known.has(event.id) && event.id > newest && matchesFilter(event, filter, first.range))
    .sort((a, b) => b.id - a.id);
  if (fresh.length === 0) return old;
  return { ...old, pages: [{ ...first, items: [...fresh, ...first.items] }, ...old.pages.slice(1)] };
}
