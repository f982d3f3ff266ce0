import { ApiError } from '@/lib/http';
import { sessionStore } from '@/lib/session';
import { historyQuery, resolveRange, type HistoryFilter } from './history-filter';

/** The export's URL for a filter (its range resolved now). */
export function exportUrl(filter: HistoryFilter, now = new Date()): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(historyQuery(filter, resolveRange(filter, now)))) {
    if (value !== undefined) params.set(key, value);
  }
  const query = params.toString();
  return `/api/events/export.csv${query === '' ? '' : `?${query}`}`;
}

/**
 * Downloads the CSV of the current filter. The file comes with the Bearer header (never a
 * token in a URL), so it is fetched and handed to the browser as a Blob download.
 */
export async function downloadEventsCsv(filter: HistoryFilter): Promise<void> {
  const token = sessionStore.token() ?? undefined;
  const response = await fetch(exportUrl(filter), {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
    const message = typeof body?.message === 'string' ? body.message : `export failed (${response.status})`;
    throw new ApiError(response.status, message);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'argus-events.csv';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
