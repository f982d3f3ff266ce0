import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './dialog';

describe('Dialog', () => {
  it('opens as a modal named by its title and described by its description', () => {
    render(
      <Dialog title="Delete camera?" description="Its key stops working." onClose={() => undefined}>
        <button type="button">Delete</button>
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Delete camera?' });
    expect(dialog).toHaveAttribute('open');
    expect(dialog).toHaveAccessibleDescription('Its key stops working.');
  });

  it('tells the parent when the browser closed it (Escape), and closes itself when unmounted', async () => {
    const onClose = vi.fn();
    const { unmount } = render(
      <Dialog title="Edit" onClose={onClose}>
        <p>Body</p>
      </Dialog>,
    );
    const dialog = screen.getByRole<HTMLDialogElement>('dialog');
    await act(async () => {
      dialog.close();
      await Promise.resolve();
    });
    expect(onClose).toHaveBeenCalledTimes(1);

    dialog.showModal();
    unmount();
    expect(dialog.open).toBe(false);
    await Promise.resolve();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
