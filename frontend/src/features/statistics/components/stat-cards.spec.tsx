import type { Statistics } from '@argus/shared';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatCards } from './stat-cards';

const now = Date.parse('2026-01-01T12:00:10.000Z');
const stats: Statistics = {
  total_people: 12,
  recognitions_today: 340,
  unknown_faces_today: 7,
  last_recognition: '2026-01-01T11:58:10.000Z',
  total_cameras: 4,
  active_cameras: 3,
  events_today: 1234,
  open_alerts: 2,
  generated_at: '2026-01-01T12:00:07.000Z',
};

const value = (key: string) => within(screen.getByTestId(`stat-${key}`)).getByTestId('stat-value');

describe('StatCards', () => {
  it('renders a card for every Statistics field', () => {
    render(<StatCards stats={stats} now={now} />);
    expect(value('total_people')).toHaveTextContent('12');
    expect(value('recognitions_today')).toHaveTextContent('340');
    expect(value('unknown_faces_today')).toHaveTextContent('7');
    expect(value('last_recognition')).toHaveTextContent('2 min ago');
    expect(value('total_cameras')).toHaveTextContent('4');
    expect(value('active_cameras')).toHaveTextContent('3');
    expect(value('events_today')).toHaveTextContent(/1.?234/);
    expect(value('open_alerts')).toHaveTextContent('2');
  });

  it('shows when the snapshot was generated', () => {
    render(<StatCards stats={stats} now={now} />);
    const updated = screen.getByTestId('stats-updated-at');
    expect(updated).toHaveAttribute('data-generated-at', stats.generated_at);
    expect(updated).toHaveTextContent('Updated 3 s ago');
  });

  it('shows a dash when nobody was recognised yet, and placeholders before the first snapshot', () => {
    const { rerender } = render(<StatCards stats={{ ...stats, last_recognition: null }} now={now} />);
    expect(value('last_recognition')).toHaveTextContent('—');
    rerender(<StatCards stats={undefined} now={now} />);
    expect(value('events_today')).toHaveTextContent('…');
    expect(screen.queryByTestId('stats-updated-at')).toBeNull();
  });
});
