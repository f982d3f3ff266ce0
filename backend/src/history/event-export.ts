import { once } from 'node:events';
import type { Response } from 'express';
import { EVENTS_EXPORT_COLUMNS, EVENTS_EXPORT_MAX_ROWS, MAX_ID } from '@argus/shared';
import { rowToCameraEvent } from '../events/camera-event.mapper';
import { csvLine } from './csv';
import type { EventFilter } from './event-filter';
import type { EventHistoryService } from './event-history.service';

/** Rows read per query: the export holds one batch in memory, never the whole file. */
export const EXPORT_BATCH = 1000;

/**
 * Streams the events matching `filter` as CSV, newest first, at most EVENTS_EXPORT_MAX_ROWS:
 * batches read backwards by id (so events stored meanwhile do not shift the pages), each
 * written when the socket has taken the previous one. A client that goes away stops it; a
 * failure after the first byte aborts the response, so a cut file never looks complete.
 */
export async function streamEventsCsv(
  res: Response,
  history: EventHistoryService,
  filter: EventFilter,
  now: Date,
): Promise<void> {
  let closed = false;
  res.on('close', () => (closed = true));
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="argus-events-${stamp}.csv"`);
  res.setHeader('Cache-Control', 'no-store');
  let before = MAX_ID;
  let written = 0;
  try {
    let chunk = csvLine(EVENTS_EXPORT_COLUMNS);
    while (!closed && written < EVENTS_EXPORT_MAX_ROWS) {
      const want = Math.min(EXPORT_BATCH, EVENTS_EXPORT_MAX_ROWS - written);
      const rows = await history.rows(filter, before, want);
      for (const row of rows) {
        const event = rowToCameraEvent(row);
        chunk += csvLine([
          event.id,
          event.occurred_at,
          event.camera_id,
          event.camera_name,
          event.event_type,
          event.data.confidence,
          event.data.person_name,
          event.has_snapshot,
        ]);
      }
      written += rows.length;
      if (rows.length > 0) before = Number(rows[rows.length - 1].id);
      if (!res.write(chunk) && !closed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      chunk = '';
      if (rows.length < want) break;
    }
    if (!closed) res.end();
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
