import { describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/render';
import { ApiError, apiRequest } from './api-client';
import { sessionStore } from './session';

const signIn = () =>
  sessionStore.set({
    access_token: 'jwt-1',
    token_type: 'bearer',
    expires_in: 1800,
    user: { id: 1, username: 'viewer', role: 'viewer' },
  });

describe('apiRequest', () => {
  it('sends the Bearer token and parses JSON', async () => {
    signIn();
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, { ok: true }));
    await expect(apiRequest('/api/things', { query: { after: 5, limit: undefined } })).resolves.toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/things?after=5');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer jwt-1');
  });

  it('ends the session as expired on a 401 to an authenticated call', async () => {
    signIn();
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(401, { statusCode: 401, message: 'Token expired' }));
    await expect(apiRequest('/api/cameras')).rejects.toMatchObject({ status: 401 });
    expect(sessionStore.get()).toBeNull();
    expect(sessionStore.getEndReason()).toBe('expired');
    expect(localStorage.getItem('argus.session')).toBeNull();
  });

  it('turns a network failure into status 0', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const error = await apiRequest('/api/health', { auth: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetworkError).toBe(true);
  });
});
