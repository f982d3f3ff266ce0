import type { WebPushKeyResponse } from '@argus/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getWebPushKey(): Promise<WebPushKeyResponse> {
  return apiRequest<WebPushKeyResponse>('/api/notifications/webpush-key');
}

/** The key never changes for a deployment: fetched once. */
export const webPushKeyQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.webPushKey, queryFn: getWebPushKey, staleTime: Infinity });
