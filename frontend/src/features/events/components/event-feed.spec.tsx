import type { CameraEvent } from '@argus/shared';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEvents } from '@/realtime/cache-updates';
import { BASE_TIME, buildEvent, isoAt } from '@/testing/builders';
import { jsonResponse, renderWithProviders } from '@/testing/render';
import { EventsChart, toBuckets } from './events-chart';
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
  const histogram = {
    bucket: 'minute' as const,
    items: [
      { start: isoAt(now - 120_000), counts: { motion_detected: 3, face_unknown: 1 } },
      { start: isoAt(now - 60_000), counts: {} },
      { start: isoAt(now), counts: { motion_detected: 2 } },
    ],
  };

  it('counts every type of every bucket, empty ones included', () => {
    const buckets = toBuckets(histogram);
    expect(buckets).toHaveLength(3);
    expect(buckets.map((bucket) => bucket.total)).toEqual([4, 0, 2]);
    expect(buckets[0].counts).toMatchObject({ motion_detected: 3, face_unknown: 1, face_recognized: 0 });
  });

  it('draws the server histogram, describes it for screen readers and switches span', async () => {
    vi.useRealTimers();
    const requests: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        requests.push(url);
        return Promise.resolve(jsonResponse(200, histogram));
      }),
    );
    try {
      renderWithProviders(<EventsChart />);
      const chart = screen.getByTestId('events-chart');
      await vi.waitFor(() =>
        expect(within(chart).getByRole('img')).toHaveAccessibleDescription(
          /6 events in the last hour: 5 motion, 1 unknown face\. Busiest minute: 4 events/,
        ),
      );
      expect(requests[0]).toMatch(/^\/api\/events\/histogram\?bucket=minute&from=.+&to=.+/);
      await act(() => userEvent.click(within(chart).getByRole('button', { name: 'Week' })));
      expect(within(chart).getByRole('button', { name: 'Week' })).toHaveAttribute('aria-pressed', 'true');
      await vi.waitFor(() => expect(requests.some((url) => url.includes('bucket=day'))).toBe(true));
      expect(within(chart).getByRole('heading')).toHaveTextContent('Events in the last 7 days');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
