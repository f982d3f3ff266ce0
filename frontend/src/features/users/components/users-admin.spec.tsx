import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildUser } from '@/testing/builders';
import { jsonResponse, renderWithProviders } from '@/testing/render';
import { SetPasswordDialog } from './users-admin';

const viewer = buildUser(7, { username: 'night-guard' });

describe('SetPasswordDialog', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends the new password for that user and closes', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, viewer));
    const onClose = vi.fn();
    renderWithProviders(<SetPasswordDialog user={viewer} onClose={onClose} />, { path: '/users' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New password'), 'correct-horse-1');
    await user.type(screen.getByLabelText('Repeat the new password'), 'correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Set password' }));

    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toContain('/api/users/7');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(init.body as string)).toEqual({ password: 'correct-horse-1' });
  });

  it('refuses two different entries without calling the server', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    renderWithProviders(<SetPasswordDialog user={viewer} onClose={() => undefined} />, { path: '/users' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New password'), 'correct-horse-1');
    await user.type(screen.getByLabelText('Repeat the new password'), 'correct-horse-2');

    expect(screen.getByRole('alert')).toHaveTextContent('The two passwords differ.');
    expect(screen.getByRole('button', { name: 'Set password' })).toBeDisabled();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('counts the password in bytes, as the server does, before calling it', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    renderWithProviders(<SetPasswordDialog user={viewer} onClose={() => undefined} />, { path: '/users' });
    const user = userEvent.setup();
    const emoji = '🔒'.repeat(19); // 19 characters, 76 bytes
    await user.type(screen.getByLabelText('New password'), emoji);
    await user.type(screen.getByLabelText('Repeat the new password'), emoji);
    await user.click(screen.getByRole('button', { name: 'Set password' }));

    expect(screen.getByRole('alert')).toHaveTextContent('The password is too long: 76 of at most 72 bytes');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: ['password must be at most 256 characters'],
      }),
    );
    renderWithProviders(<SetPasswordDialog user={viewer} onClose={() => undefined} />, { path: '/users' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('New password'), 'correct-horse-1');
    await user.type(screen.getByLabelText('Repeat the new password'), 'correct-horse-1');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('password must be at most 256 characters');
  });
});
