import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SourceBadge } from './source-badge';

describe('SourceBadge', () => {
  it('marks Frigate and simulated cameras, and leaves API cameras plain', () => {
    const { rerender, container } = render(<SourceBadge source="frigate" />);
    expect(screen.getByTestId('camera-source')).toHaveTextContent('Frigate');
    rerender(<SourceBadge source="simulator" />);
    expect(screen.getByTestId('camera-source')).toHaveTextContent('Simulated');
    rerender(<SourceBadge source="api" />);
    expect(container).toBeEmptyDOMElement();
  });
});
