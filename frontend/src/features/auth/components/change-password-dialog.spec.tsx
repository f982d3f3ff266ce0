import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/lib/session';
import { tokenResponse } from '@/testing/builders';
import { jsonResponse, renderWithProviders } from '@/testing/render';
import { AccountMenu } from './account-menu';
import { ChangePasswordDialog } from './change-password-dialog';

function open(onClose = () => undefined) {
  sessionStore.set(tokenResponse('old-token'));
  renderWithProviders(<ChangePasswordDialog username="admin" onClose={onClose} />);
  return userEvent.setup();
}

async function fill(user: ReturnType<typeof userEvent.setup>, current: string, next: string, confirm = next) {
  await user.type(screen.getByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), next);
  await user.type(screen.getByLabelText('Repeat the new password'), confirm);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordDialog', () => {
  it('sends the change with the current token and keeps the fresh token from the answer', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, tokenResponse('new-token')));
    const user = open();
    await fill(user, 'old-password-1', 'new-password-2');

    expect(await screen.findByRole('status')).toHaveTextContent('Your password has been changed.');
    expect(screen.getByRole('dialog', { name: 'Password changed' })).toBeVisible();
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/password');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer old-token');
    expect(JSON.parse(init.body as string)).toEqual({
      current_password: 'old-password-1',
      new_password: 'new-password-2',
    });
    expect(sessionStore.token()).toBe('new-token');
    expect(screen.getByRole('button', { name: 'Done' })).toHaveFocus();
  });

  it('counts bytes, not characters, and says so before asking the server', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const user = open();
    // 37 characters but 74 bytes: too long for the hash, which must never cut it silently.
    await fill(user, 'old-password-1', 'é'.repeat(37));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The password is too long: 74 of at most 72 bytes (accented letters take 2 bytes, emoji 4).',
    );
    expect(screen.getByText(/Now: 74 bytes\./)).toBeInTheDocument();

    await user.clear(screen.getByLabelText('New password'));
    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('Repeat the new password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The password is too short: 5 of at least 8 bytes.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a confirmation that differs, and a missing current password', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const user = open();
    await user.type(screen.getByLabelText('New password'), 'new-password-2');
    await user.type(screen.getByLabelText('Repeat the new password'), 'new-password-3');
    expect(screen.getByRole('alert')).toHaveTextContent('The confirmation does not match the new password.');
    expect(screen.getByLabelText('Repeat the new password')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('Repeat the new password'), 'new-password-2');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your current password.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says the current password is wrong on 403, and keeps the session', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(403, { statusCode: 403, error: 'Forbidden', message: 'Current password is wrong' }),
    );
    const user = open();
    await fill(user, 'not-my-password', 'new-password-2');
    expect(await screen.findByRole('alert')).toHaveTextContent('The current password is wrong.');
    expect(sessionStore.token()).toBe('old-token');
    expect(screen.getByRole('dialog', { name: 'Change password' })).toBeVisible();
  });

  it('shows the server’s message on 400', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: ['new_password must not contain NUL bytes'],
      }),
    );
    const user = open();
    await fill(user, 'old-password-1', 'new-password-2');
    expect(await screen.findByRole('alert')).toHaveTextContent('new_password must not contain NUL bytes');
  });
});

describe('AccountMenu', () => {
  it('names the user and offers to change the password or sign out', async () => {
    sessionStore.set(tokenResponse('token'));
    renderWithProviders(<AccountMenu user={{ id: 1, username: 'admin', role: 'admin' }} />);
    const user = userEvent.setup();
    const trigger = screen.getByRole('button', { name: 'Account menu: admin admin' });
    expect(screen.queryByRole('button', { name: 'Change password' })).toBeNull();

    await user.click(trigger);
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByRole('dialog', { name: 'Change password' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(trigger);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(sessionStore.get()).toBeNull();
    expect(sessionStore.getEndReason()).toBe('signed_out');
  });
});
