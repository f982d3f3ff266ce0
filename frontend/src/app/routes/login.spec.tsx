import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session';
import { renderWithProviders } from '@/testing/render';
import { LoginRoute } from './login';

describe('LoginRoute', () => {
  it('explains that the session expired', () => {
    sessionStore.end('expired');
    renderWithProviders(<LoginRoute />, { path: '/login' });
    expect(screen.getByRole('status')).toHaveTextContent('Your session has expired. Please sign in again.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  it('shows no notice after a deliberate sign-out', () => {
    sessionStore.end('signed_out');
    renderWithProviders(<LoginRoute />, { path: '/login' });
    expect(screen.queryByRole('status')).toBeNull();
  });
});
