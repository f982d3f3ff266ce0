import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, testQueryClient } from '@/testing/render';
import { SnapshotThumbnail } from './snapshot-thumbnail';

const URLS = {
  url: '/api/events/7/snapshot?expires=1795425600&sig=full',
  thumbnail_url: '/api/events/7/thumbnail?expires=1795425600&sig=thumb',
  expires_at: '2026-11-23T08:40:00.000Z',
};

function renderThumbnail(answer: Response, optional = false) {
  const fetchMock = vi.fn(() => Promise.resolve(answer));
  vi.stubGlobal('fetch', fetchMock);
  render(
    <QueryClientProvider client={testQueryClient()}>
      <ul>
        <li>
          <SnapshotThumbnail eventId={7} label="Unknown face at Gate" optional={optional} />
        </li>
      </ul>
    </QueryClientProvider>,
  );
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SnapshotThumbnail', () => {
  it('loads the signed thumbnail URL and opens the full image in a lightbox', async () => {
    const fetchMock = renderThumbnail(jsonResponse(200, URLS));
    const button = await screen.findByRole('button', { name: 'Show picture: Unknown face at Gate' });
    expect(fetchMock).toHaveBeenCalledWith('/api/events/7/snapshot-url', expect.anything());
    expect(button.querySelector('img')).toHaveAttribute('src', URLS.thumbnail_url);

    fireEvent.click(button);
    const lightbox = screen.getByTestId('snapshot-lightbox');
    expect(lightbox).toHaveAttribute('open');
    expect(screen.getByTestId('snapshot-full')).toHaveAttribute('src', URLS.url);
    expect(screen.getByText('Unknown face at Gate')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Close picture' }));
    await waitFor(() => expect(screen.queryByTestId('snapshot-lightbox')).not.toBeInTheDocument());
  });

  it('closes on a tap on the backdrop (the dialog itself), not on the picture', async () => {
    renderThumbnail(jsonResponse(200, URLS));
    fireEvent.click(await screen.findByTestId('snapshot-thumbnail'));
    fireEvent.click(screen.getByTestId('snapshot-full'));
    expect(screen.getByTestId('snapshot-lightbox')).toHaveAttribute('open');
    fireEvent.click(screen.getByTestId('snapshot-lightbox'));
    await waitFor(() => expect(screen.queryByTestId('snapshot-lightbox')).not.toBeInTheDocument());
  });

  it('shows nothing for an event without an image (404), without retrying', async () => {
    const fetchMock = renderThumbnail(jsonResponse(404, { statusCode: 404, message: 'event 7 has no snapshot' }), true);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(document.querySelector('li')?.childElementCount).toBe(0));
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
