import {
  HISTORY_FIRST_PAGE,
  SEVERITIES,
  type Alert,
  type AlertHistoryPage,
  type AlertStatusFilter,
  type ListAlertsParams,
  type Severity,
} from '@argus/shared';
import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { RANGE_PRESETS, resolvePreset, type RangePreset, type TimeRange } from '@/lib/time-range';

export const ALERT_HISTORY_PAGE_SIZE = 50;

/** The Alerts page's filter, as kept in the URL (`?status=all&severity=critical&camera=2&range=7d`). */
export interface AlertFilter {
  status: AlertStatusFilter;
  severity?: Severity;
  camera?: number;
  range: RangePreset;
}

export function parseAlertFilter(params: URLSearchParams): AlertFilter {
  const severity = params.get('severity');
  const camera = params.get('camera');
  const range = params.get('range');
  const cameraId = camera !== null && /^\d{1,10}$/.test(camera) && Number(camera) >= 1 ? Number(camera) : undefined;
  return {
    status: params.get('status') === 'all' ? 'all' : 'open',
    severity:
      severity !== null && (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : undefined,
    camera: cameraId !== undefined && cameraId <= 2_147_483_647 ? cameraId : undefined,
    // The Alerts page has no custom range: the presets only.
    range:
      range !== null && range !== 'custom' && (RANGE_PRESETS as readonly string[]).includes(range)
        ? (range as RangePreset)
        : 'all',
  };
}

export function alertSearchParams(filter: AlertFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status !== 'open') params.set('status', filter.status);
  if (filter.severity !== undefined) params.set('severity', filter.severity);
  if (filter.camera !== undefined) params.set('camera', String(filter.camera));
  if (filter.range !== 'all') params.set('range', filter.range);
  return params;
}

export interface AlertPage extends AlertHistoryPage {
  range: TimeRange;
}

interface PageParam {
  before: number;
  range: TimeRange;
}

export async function getAlertHistory(filter: AlertFilter, param: PageParam | null): Promise<AlertPage> {
  const range = param?.range ?? resolvePreset(filter.range, new Date());
  // The names and meaning of the shared ListAlertsParams, as query-string text.
  const query: Record<keyof ListAlertsParams, string | number | undefined> = {
    before: param?.before ?? HISTORY_FIRST_PAGE,
    limit: ALERT_HISTORY_PAGE_SIZE,
    status: filter.status,
    severity: filter.severity,
    camera_id: filter.camera,
    from: range.from,
    to: range.to,
  };
  const page = await apiRequest<AlertHistoryPage>('/api/alerts', { query });
  return { ...page, range };
}

export const alertHistoryRootKey = ['history', 'alerts'] as const;

export const alertHistoryQueryOptions = (filter: AlertFilter) =>
  infiniteQueryOptions({
    queryKey: [...alertHistoryRootKey, filter] as const,
    queryFn: ({ pageParam }) => getAlertHistory(filter, pageParam),
    initialPageParam: null as PageParam | null,
    getNextPageParam: (last): PageParam | undefined =>
      last.next_before === null ? undefined : { before: last.next_before, range: last.range },
    staleTime: 30_000,
  });

export function useAlertHistory(filter: AlertFilter) {
  return useInfiniteQuery(alertHistoryQueryOptions(filter));
}

/** Replaces an alert wherever a page lists it (after an acknowledgement): pure, the old reference when absent. */
export function replaceAlert<Param>(
  old: InfiniteData<AlertPage, Param> | undefined,
  alert: Alert,
): InfiniteData<AlertPage, Param> | undefined {
  if (old === undefined || !old.pages.some((page) => page.items.some((item) => item.id === alert.id))) return old;
  return {
    ...old,
    pages: old.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === alert.id ? alert : item)),
    })),
  };
}
