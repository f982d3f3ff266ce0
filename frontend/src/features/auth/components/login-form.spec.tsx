import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { tokenResponse } from '@/testing/builders';
import { jsonResponse, renderWithProviders } from '@/testing/render';
import { LoginForm } from './login-form';

async function signIn() {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Username'), 'admin');
  await user.type(screen.getByLabelText('Password'), 'wrong-password');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm errors', () => {
  it('says the credentials are wrong on 401', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' }),
    );
    renderWithProviders(<LoginForm onSuccess={() => undefined} />, { path: '/login' });
    await signIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid username or password');
  });

  it('says when to try again on 429 with Retry-After', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(429, { statusCode: 429, error: 'Too Many Requests', message: 'slow down' }, { 'Retry-After': '42' }),
    );
    renderWithProviders(<LoginForm onSuccess={() => undefined} />, { path: '/login' });
    await signIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts, try again in 42 s');
  });

  it('says the server cannot be reached on a network failure', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    renderWithProviders(<LoginForm onSuccess={() => undefined} />, { path: '/login' });
    await signIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('says the server cannot be reached on a 5xx', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('Bad gateway', { status: 502 }));
    renderWithProviders(<LoginForm onSuccess={() => undefined} />, { path: '/login' });
    await signIn();
    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('stores the session on success', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, tokenResponse('jwt')));
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />, { path: '/login' });
    await signIn();
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(JSON.parse(localStorage.getItem('argus.session') ?? '{}')).toMatchObject({
      access_token: 'jwt',
      user: { username: 'admin' },
    });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
