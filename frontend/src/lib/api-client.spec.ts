import { describe, expect, it, vi } from 'vitest';
import { tokenResponse } from '@/testing/builders';
import { jsonResponse } from '@/testing/render';
import { apiRequest } from './api-client';
import { ApiError } from './http';
import { sessionStore } from './session';

const authorization = (init: RequestInit | undefined) => (init?.headers as Record<string, string>).Authorization;
const refused = () => jsonResponse(401, { statusCode: 401, message: 'Token expired' });

describe('apiRequest', () => {
  it('sends the Bearer token and parses JSON', async () => {
    sessionStore.set(tokenResponse('jwt-1'));
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, { ok: true }));
    await expect(apiRequest('/api/things', { query: { after: 5, limit: undefined } })).resolves.toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/things?after=5');
    expect(authorization(init)).toBe('Bearer jwt-1');
  });

  it('on a 401 renews the token once for all callers and retries each call with it', async () => {
    sessionStore.set(tokenResponse('jwt-1'));
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockImplementation((url, init) => {
      if (url === '/api/auth/refresh') return Promise.resolve(jsonResponse(200, tokenResponse('jwt-2')));
      return Promise.resolve(authorization(init) === 'Bearer jwt-2' ? jsonResponse(200, { url }) : refused());
    });
    const answers = await Promise.all([apiRequest('/api/cameras'), apiRequest('/api/alerts')]);

    expect(answers).toEqual([{ url: '/api/cameras' }, { url: '/api/alerts' }]);
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/auth/refresh')).toHaveLength(1);
    expect(sessionStore.token()).toBe('jwt-2');
  });

  it('ends the session as expired when the renewal is refused too', async () => {
    sessionStore.set(tokenResponse('jwt-1'));
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.resolve(refused()));
    await expect(apiRequest('/api/cameras')).rejects.toMatchObject({ status: 401 });
    expect(sessionStore.get()).toBeNull();
    expect(sessionStore.getEndReason()).toBe('expired');
    expect(localStorage.getItem('argus.session')).toBeNull();
  });

  it('does not renew for a call made without the token (a failed sign-in is just a 401)', async () => {
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.resolve(refused()));
    await expect(apiRequest('/api/auth/login', { method: 'POST', auth: false })).rejects.toMatchObject({ status: 401 });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into status 0', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const error = await apiRequest('/api/health', { auth: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetworkError).toBe(true);
  });
});
