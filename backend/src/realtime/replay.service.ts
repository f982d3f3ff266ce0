import { Injectable } from '@nestjs/common';
import { MAX_ID, WS_REPLAY_LIMIT, type Alert, type CameraEvent } from '@argus/shared';
import type { AlertViewer } from '../alerts/alert-audience';
import { AlertsService } from '../alerts/alerts.service';
import { EventsService } from '../events/events.service';

/** The socket's `last_event_id`: absent, a valid id cursor, or unusable (answered with an error). */
export type ReplayCursor = { kind: 'none' } | { kind: 'after'; id: number } | { kind: 'invalid' };

export const INVALID_CURSOR_MESSAGE = `last_event_id must be an integer from 0 to ${MAX_ID}: no replay`;

/** Reads `last_event_id` from the upgrade URL; ids beyond the column's range are invalid, never a query. */
export function replayCursor(url: string | undefined): ReplayCursor {
  const value = new URL(url ?? '/', 'http://localhost').searchParams.get('last_event_id');
  if (value === null) return { kind: 'none' };
  if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_ID) return { kind: 'invalid' };
  return { kind: 'after', id: Number(value) };
}

/** One replayed item, in the order it is sent. */
export type ReplayItem = { kind: 'event'; event: CameraEvent } | { kind: 'alert'; alert: Alert };

/**
 * What a resuming socket gets: every event after the cursor with the viewer's alerts
 * right after their event, covering events up to `through`; or, beyond WS_REPLAY_LIMIT,
 * a resync from the newest event id.
 */
export type ReplayPlan = { kind: 'replay'; items: ReplayItem[]; through: number } | { kind: 'resync'; latest: number };

/** Contract §3 step 4's replay, computed from the database alone (no socket). */
@Injectable()
export class ReplayService {
  constructor(
    private readonly events: EventsService,
    private readonly alerts: AlertsService,
  ) {}

  async plan(viewer: AlertViewer, after: number): Promise<ReplayPlan> {
    const page = await this.events.listAfter({ after, limit: WS_REPLAY_LIMIT + 1 });
    const alerts =
      page.items.length > WS_REPLAY_LIMIT
        ? []
        : await this.alerts.listForUserAfterEvent(viewer, after, WS_REPLAY_LIMIT + 1);
    if (page.items.length > WS_REPLAY_LIMIT || alerts.length > WS_REPLAY_LIMIT) {
      return { kind: 'resync', latest: await this.events.latestId() };
    }
    const through = page.items.at(-1)?.id ?? after;
    const alertsByEvent = new Map<number, Alert[]>();
    for (const alert of alerts) {
      // An alert of an event newer than the page arrives live with its event.
      if (alert.event_id > through) continue;
      const list = alertsByEvent.get(alert.event_id);
      if (list === undefined) alertsByEvent.set(alert.event_id, [alert]);
      else list.push(alert);
    }
    const items: ReplayItem[] = [];
    for (const event of page.items) {
      items.push({ kind: 'event', event });
      for (const alert of alertsByEvent.get(event.id) ?? []) items.push({ kind: 'alert', alert });
    }
    return { kind: 'replay', items, through };
  }
}
