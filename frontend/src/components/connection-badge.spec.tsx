import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '@/realtime/types';
import { ConnectionBadge } from './connection-badge';

const cases: Array<[LiveSnapshot, string, RegExp]> = [
  [{ state: 'live', reason: null, database: 'up' }, 'Live', /WebSocket/],
  [{ state: 'connecting', reason: null, database: 'up' }, 'Connecting', /Opening/],
  [{ state: 'polling', reason: null, database: 'up' }, 'Polling', /refreshing every 5 s/],
  [{ state: 'offline', reason: 'server_unreachable', database: 'up' }, 'Offline', /Cannot reach the server/],
  [{ state: 'offline', reason: 'browser_offline', database: 'up' }, 'Offline', /device is offline/],
];

describe('ConnectionBadge', () => {
  it.each(cases)('shows %o as "%s" and explains it', (snapshot, text, description) => {
    render(<ConnectionBadge snapshot={snapshot} />);
    const badge = screen.getByTestId('connection-badge');
    expect(badge).toHaveAttribute('data-state', snapshot.state);
    expect(badge).toHaveTextContent(new RegExp(`^${text}$`));
    expect(badge.getAttribute('title')).toMatch(description);
    expect(badge).toHaveAccessibleDescription(description);
    expect(screen.getByRole('status')).toHaveTextContent(`Connection: ${text}`);
    expect(screen.queryByTestId('connection-reason')).toBeNull();
    expect(badge.getAttribute('title')).not.toMatch(/database/);
  });

  it("mentions the server's database being down in its explanation, whatever the connection", () => {
    render(<ConnectionBadge snapshot={{ state: 'live', reason: null, database: 'down' }} />);
    const badge = screen.getByTestId('connection-badge');
    expect(badge).toHaveTextContent(/^Live$/);
    expect(badge).toHaveAttribute('data-database', 'down');
    expect(badge).toHaveAccessibleDescription(
      /^Connected over WebSocket\. The server's database is unavailable: live updates are paused/,
    );
    expect(badge.getAttribute('title')).toMatch(/database is unavailable/);
  });

  it('keeps explaining the transport while polling during a database outage', () => {
    render(<ConnectionBadge snapshot={{ state: 'polling', reason: null, database: 'down' }} />);
    expect(screen.getByTestId('connection-badge')).toHaveAccessibleDescription(
      /database is unavailable.*refreshing every 5 s/,
    );
  });

  it('says "Too many open dashboards" when polling because of the 4008 cap', () => {
    render(<ConnectionBadge snapshot={{ state: 'polling', reason: 'connection_limit', database: 'up' }} />);
    expect(screen.getByTestId('connection-badge')).toHaveAttribute('data-state', 'polling');
    expect(screen.getByTestId('connection-reason')).toHaveTextContent('Too many open dashboards');
  });

  it('opens and closes its explanation on a tap, for screens without hover', async () => {
    render(<ConnectionBadge snapshot={{ state: 'live', reason: null, database: 'up' }} />);
    const badge = screen.getByRole('button', { name: 'Live' });
    expect(badge).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(badge);
    expect(badge).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(badge);
    expect(badge).toHaveAttribute('aria-expanded', 'false');
  });
});
