import { describe, expect, it } from 'vitest';
import { buildEvent } from '@/testing/builders';
import { applyHistoryEvents, type HistoryPage } from './get-event-history';
import { historyQuery, historySearchParams, matchesFilter, parseHistoryFilter, resolveRange } from './history-filter';

describe('the Events filter in the URL', () => {
  it('round-trips every field, and drops what is malformed', () => {
    const params = new URLSearchParams('camera=2&type=face_unknown&person=7&picture=yes&range=night');
    const filter = parseHistoryFilter(params);
    expect(filter).toEqual({ camera: 2, type: 'face_unknown', person: 7, picture: true, range: 'night' });
    expect(historySearchParams(filter).toString()).toBe(params.toString());
    expect(parseHistoryFilter(new URLSearchParams('camera=x&type=boom&person=-1&picture=1&range=year'))).toEqual({
      camera: undefined,
      type: undefined,
      person: undefined,
      picture: undefined,
      range: 'all',
    });
    const custom = parseHistoryFilter(new URLSearchParams('range=custom&from=2026-01-01T08:00:00Z&to=nope'));
    expect(custom).toMatchObject({ range: 'custom', from: '2026-01-01T08:00:00.000Z', to: undefined });
  });

  it('resolves presets in local time, and makes the API query of a filter', () => {
    const now = new Date(2026, 10, 23, 15, 30); // local 15:30
    expect(resolveRange({ range: '1h' }, now)).toEqual({ from: new Date(2026, 10, 23, 14, 30).toISOString() });
    expect(resolveRange({ range: 'today' }, now)).toEqual({ from: new Date(2026, 10, 23).toISOString() });
    expect(resolveRange({ range: 'night' }, now)).toEqual({
      from: new Date(2026, 10, 22, 22).toISOString(),
      to: new Date(2026, 10, 23, 7).toISOString(),
    });
    expect(resolveRange({ range: 'all' }, now)).toEqual({});
    expect(historyQuery({ range: 'all', camera: 3, picture: false }, { from: 'a' })).toEqual({
      camera_id: '3',
      event_type: undefined,
      person_id: undefined,
      has_snapshot: 'false',
      from: 'a',
      to: undefined,
    });
  });
});

describe('live events in a filtered list', () => {
  const range = { from: '2026-11-23T10:00:00.000Z' };
  const page = (ids: number[]): HistoryPage => ({
    items: ids.map((id) => buildEvent(id, { occurred_at: '2026-11-23T11:00:00.000Z' })),
    next_before: null,
    range,
  });

  it('match the filter and the range the list was read for', () => {
    const event = buildEvent(9, { camera_id: 2, occurred_at: '2026-11-23T12:00:00.000Z', has_snapshot: true });
    expect(matchesFilter(event, { range: 'all', camera: 2, picture: true }, range)).toBe(true);
    expect(matchesFilter(event, { range: 'all', camera: 3 }, range)).toBe(false);
    expect(matchesFilter(event, { range: 'all', picture: false }, range)).toBe(false);
    expect(matchesFilter(event, { range: 'all' }, { to: '2026-11-23T12:00:00.000Z' })).toBe(false);
  });

  it('go to the top of the first page once, newest first; others leave the list as it was', () => {
    const old = { pages: [page([5, 4]), page([3])], pageParams: [null, null] };
    const next = applyHistoryEvents(old, { range: 'all' }, [
      buildEvent(7, { occurred_at: '2026-11-23T12:00:00.000Z' }),
      buildEvent(6, { occurred_at: '2026-11-23T12:00:00.000Z' }),
      buildEvent(5, { occurred_at: '2026-11-23T12:00:00.000Z' }),
      buildEvent(8, { occurred_at: '2026-11-23T09:00:00.000Z' }), // before the range
    ]);
    expect(next?.pages[0].items.map((e) => e.id)).toEqual([7, 6, 5, 4]);
    expect(next?.pages[1]).toBe(old.pages[1]);
    expect(applyHistoryEvents(next, { range: 'all' }, [buildEvent(7)])).toBe(next);
  });
});
