import { act, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BASE_TIME, buildStatistics, isoAt } from '@/testing/builders';
import { StatCards } from './stat-cards';

const stats = buildStatistics({
  last_recognition: isoAt(BASE_TIME - 120_000),
  generated_at: isoAt(BASE_TIME - 3_000),
});

const value = (key: string) => within(screen.getByTestId(`stat-${key}`)).getByTestId('stat-value');

describe('StatCards', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: BASE_TIME });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renders a card for every Statistics field', () => {
    render(<StatCards stats={stats} />);
    expect(value('total_people')).toHaveTextContent('12');
    expect(value('recognitions_today')).toHaveTextContent('340');
    expect(value('unknown_faces_today')).toHaveTextContent('7');
    expect(value('last_recognition')).toHaveTextContent('2 min ago');
    expect(value('total_cameras')).toHaveTextContent('4');
    expect(value('active_cameras')).toHaveTextContent('3');
    expect(value('events_today')).toHaveTextContent(/1.?234/);
    expect(value('open_alerts')).toHaveTextContent('2');
  });

  it('shows when the snapshot was generated, and keeps counting', () => {
    render(<StatCards stats={stats} />);
    const updated = screen.getByTestId('stats-updated-at');
    expect(updated).toHaveAttribute('data-generated-at', stats.generated_at);
    expect(updated).toHaveTextContent('Updated 3 s ago');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(updated).toHaveTextContent('Updated 8 s ago');
  });

  it('shows a dash when nobody was recognised yet, and placeholders before the first snapshot', () => {
    const { rerender } = render(<StatCards stats={{ ...stats, last_recognition: null }} />);
    expect(value('last_recognition')).toHaveTextContent('—');
    rerender(<StatCards stats={undefined} />);
    expect(value('events_today')).toHaveTextContent('…');
    expect(screen.queryByTestId('stats-updated-at')).toBeNull();
  });
});
