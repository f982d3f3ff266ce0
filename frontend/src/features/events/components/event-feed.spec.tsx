import type { CameraEvent } from '@argus/shared';
import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEvents } from '@/realtime/cache-updates';
import { BASE_TIME, buildEvent, isoAt } from '@/testing/builders';
import { bucketEvents, EventsChart } from './events-chart';
import { EventFeed, FEED_LIMIT } from './event-feed';

const now = BASE_TIME;
const event = (id: number, secondsAgo: number, extra: Partial<CameraEvent> = {}): CameraEvent =>
  buildEvent(id, { occurred_at: isoAt(now - secondsAgo * 1000), ...extra });

beforeEach(() => {
  vi.useFakeTimers({ now });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('EventFeed', () => {
  it('renders items newest first from the cache', () => {
    const events = applyEvents(undefined, [event(1, 30), event(3, 10), event(2, 20)]);
    render(<EventFeed events={events} />);
    const feed = screen.getByTestId('event-feed');
    expect(feed).toHaveAttribute('role', 'log');
    expect(feed).toHaveAttribute('aria-live', 'polite');
    const ids = within(feed)
      .getAllByTestId('event-item')
      .map((item) => item.getAttribute('data-event-id'));
    expect(ids).toEqual(['3', '2', '1']);
  });

  it('shows type, camera, person, confidence and relative time', () => {
    render(
      <EventFeed
        events={[
          event(5, 12, {
            event_type: 'face_recognized',
            camera_name: 'Garage',
            data: { person_name: 'Alice', confidence: 0.934 },
          }),
        ]}
      />,
    );
    const item = screen.getByTestId('event-item');
    expect(item).toHaveTextContent('Face recognised');
    expect(item).toHaveTextContent('Garage');
    expect(item).toHaveTextContent('Alice');
    expect(item).toHaveTextContent('93 %');
    expect(item).toHaveTextContent('12 s ago');
  });

  it('is capped', () => {
    const many = Array.from({ length: FEED_LIMIT + 20 }, (_, i) => event(FEED_LIMIT + 20 - i, i));
    render(<EventFeed events={many} />);
    expect(screen.getAllByTestId('event-item')).toHaveLength(FEED_LIMIT);
  });
});

describe('EventsChart', () => {
  it('buckets the last hour by 5 minutes and type', () => {
    const buckets = bucketEvents([event(1, 10), event(2, 20, { event_type: 'face_unknown' }), event(3, 2 * 3600)], now);
    expect(buckets).toHaveLength(12);
    const last = buckets[buckets.length - 1];
    expect(last.total).toBe(0); // 12:00:00 starts a new bucket
    const previous = buckets[buckets.length - 2];
    expect(previous.counts.motion_detected).toBe(1);
    expect(previous.counts.face_unknown).toBe(1);
    expect(buckets.reduce((sum, b) => sum + b.total, 0)).toBe(2);
  });

  it('describes itself for screen readers', () => {
    render(<EventsChart events={[event(1, 10), event(2, 20)]} />);
    const chart = screen.getByTestId('events-chart');
    expect(within(chart).getByRole('img')).toHaveAccessibleDescription(/2 events in the last hour: 2 motion/);
  });
});
