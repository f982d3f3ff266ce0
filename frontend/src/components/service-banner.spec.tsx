import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ServiceBanner } from './service-banner';

describe('ServiceBanner', () => {
  it('alerts that the database is unavailable while it is down, and is gone once it is up', () => {
    const { rerender } = render(<ServiceBanner database="down" />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Database unavailable: live updates are paused; events stored meanwhile will arrive when it is back.',
    );

    rerender(<ServiceBanner database="up" />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/Database unavailable/)).toBeNull();
  });

  it('shows nothing while the database is up', () => {
    const { container } = render(<ServiceBanner database="up" />);
    expect(container).toBeEmptyDOMElement();
  });
});
