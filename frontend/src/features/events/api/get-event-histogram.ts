import type { EventHistogram, HistogramBucket } from '@argus/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';

/** The dashboard chart's spans: the last hour by minute, the last day by hour, the last week by day. */
export const CHART_SPANS = ['hour', 'day', 'week'] as const;
export type ChartSpan = (typeof CHART_SPANS)[number];

const SPANS: Record<ChartSpan, { ms: number; bucket: HistogramBucket; refreshMs: number }> = {
  hour: { ms: 3_600_000, bucket: 'minute', refreshMs: 30_000 },
  day: { ms: 24 * 3_600_000, bucket: 'hour', refreshMs: 60_000 },
  week: { ms: 7 * 24 * 3_600_000, bucket: 'day', refreshMs: 5 * 60_000 },
};

export function getEventHistogram(span: ChartSpan, now = Date.now()): Promise<EventHistogram> {
  const { ms, bucket } = SPANS[span];
  return apiRequest<EventHistogram>('/api/events/histogram', {
    query: { bucket, from: new Date(now - ms).toISOString(), to: new Date(now).toISOString() },
  });
}

// Counted by the server from all stored events (not the dashboard's cached ones), so busy hours are right.
export const eventHistogramQueryOptions = (span: ChartSpan) =>
  queryOptions({
    queryKey: ['events', 'histogram', span] as const,
    queryFn: () => getEventHistogram(span),
    staleTime: SPANS[span].refreshMs / 2,
    refetchInterval: SPANS[span].refreshMs,
  });

export function useEventHistogram(span: ChartSpan) {
  return useQuery(eventHistogramQueryOptions(span));
}
