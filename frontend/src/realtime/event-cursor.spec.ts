import { describe, expect, it } from 'vitest';
import { buildEvent } from '@/testing/builders';
import { EventCursor } from './event-cursor';

describe('EventCursor', () => {
  it('passes each event once and keeps the newest id as the position', () => {
    const cursor = new EventCursor();
    expect(cursor.position).toBeNull();
    expect(cursor.fresh([buildEvent(2), buildEvent(1)]).map((e) => e.id)).toEqual([2, 1]);
    expect(cursor.fresh([buildEvent(1), buildEvent(3), buildEvent(3)]).map((e) => e.id)).toEqual([3]);
    expect(cursor.position).toBe(3);
  });

  it('never moves back, and an advanced-to id counts as seen', () => {
    const cursor = new EventCursor();
    cursor.advance(10);
    cursor.advance(4);
    expect(cursor.position).toBe(10);
    expect(cursor.fresh([buildEvent(10), buildEvent(11)]).map((e) => e.id)).toEqual([11]);
  });

  it('forgets only the oldest ids beyond its bound', () => {
    const cursor = new EventCursor();
    cursor.fresh(Array.from({ length: 5_001 }, (_, i) => buildEvent(i + 1)));
    expect(cursor.fresh([buildEvent(2), buildEvent(5_001), buildEvent(1)]).map((e) => e.id)).toEqual([1]);
  });

  it('tells the first sight of an alert, and knows the ones already on screen', () => {
    const cursor = new EventCursor();
    expect(cursor.alertsBaselined).toBe(false);
    cursor.knowAlerts([1, 2]);
    expect(cursor.alertsBaselined).toBe(true);
    expect([1, 2, 3, 3].map((id) => cursor.firstSight(id))).toEqual([false, false, true, false]);
  });
});
