import type { TokenResponse } from '@argus/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, tokenResponse } from '@/testing/builders';
import { jsonResponse } from '@/testing/render';
import { ApiError } from './http';
import { SessionStore, type TokenExchange } from './session';

const signedIn = (refresh?: TokenExchange) => {
  const store = new SessionStore({ storage: localStorage, refresh });
  store.set(tokenResponse('token-1'));
  return store;
};

describe('SessionStore.renew', () => {
  it('makes one refresh request for concurrent callers, and all of them get its token', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, tokenResponse('token-2')));
    const store = signedIn();
    const tokens = await Promise.all([store.renew(), store.renew(), store.renew()]);

    expect(tokens).toEqual(['token-2', 'token-2', 'token-2']);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/refresh');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer token-1');
    expect(store.token()).toBe('token-2');
    expect(JSON.parse(localStorage.getItem('argus.session') ?? '{}')).toMatchObject({ access_token: 'token-2' });
  });

  it('asks again once the previous renewal has finished', async () => {
    const refresh = vi.fn<TokenExchange>((token) => Promise.resolve(tokenResponse(`${token}+`)));
    const store = signedIn(refresh);
    await store.renew();
    await store.renew();
    expect(refresh.mock.calls.map(([token]) => token)).toEqual(['token-1', 'token-1+']);
  });

  it('ends the session as expired when the refresh is refused (401)', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(401, { statusCode: 401, message: 'Token expired' }));
    const store = signedIn();
    const ended = vi.fn();
    store.subscribe(ended);
    await expect(Promise.all([store.renew(), store.renew()])).rejects.toMatchObject({ status: 401 });

    expect(store.get()).toBeNull();
    expect(store.getEndReason()).toBe('expired');
    expect(localStorage.getItem('argus.session')).toBeNull();
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when the server cannot be reached, so the renewal can be retried', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const store = signedIn();
    await expect(store.renew()).rejects.toBeInstanceOf(ApiError);
    expect(store.token()).toBe('token-1');
    expect(store.getEndReason()).toBeNull();
  });

  it('does not bring a session back that was signed out while the renewal was under way', async () => {
    const answer = deferred<TokenResponse>();
    const store = signedIn(() => answer.promise);
    const renewal = store.renew();
    store.end('signed_out');
    answer.resolve(tokenResponse('token-2'));
    await expect(renewal).rejects.toThrow('Not signed in');
    expect(store.get()).toBeNull();
    expect(store.getEndReason()).toBe('signed_out');
  });
});

describe('SessionStore.exchange', () => {
  it('is the renewal that concurrent renew() calls share (a password change answers with a fresh token)', async () => {
    const refresh = vi.fn<TokenExchange>(() => Promise.resolve(tokenResponse('refreshed')));
    const store = signedIn(refresh);
    const changed = deferred<TokenResponse>();
    const change = store.exchange(() => changed.promise);
    // E.g. the socket closed 4001 because the password change revoked the old token.
    const renewal = store.renew();
    changed.resolve(tokenResponse('after-password-change'));

    await expect(change).resolves.toBe('after-password-change');
    await expect(renewal).resolves.toBe('after-password-change');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('waits for a renewal already in flight, then sends the token that renewal got', async () => {
    const refreshed = deferred<TokenResponse>();
    const store = signedIn(() => refreshed.promise);
    const renewal = store.renew();
    const obtain = vi.fn<TokenExchange>(() => Promise.resolve(tokenResponse('after-password-change')));
    const change = store.exchange(obtain);
    expect(obtain).not.toHaveBeenCalled();

    refreshed.resolve(tokenResponse('refreshed'));
    await expect(renewal).resolves.toBe('refreshed');
    await expect(change).resolves.toBe('after-password-change');
    expect(obtain).toHaveBeenCalledWith('refreshed');
  });

  it('leaves the session alone when the exchange is refused for another reason (403)', async () => {
    const store = signedIn();
    const refused = store.exchange(() => Promise.reject(new ApiError(403, 'Current password is wrong')));
    await expect(refused).rejects.toMatchObject({ status: 403 });
    expect(store.token()).toBe('token-1');
  });
});

describe('SessionStore.keepFresh', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renews at 80 % of the lifetime, then again for the new token', async () => {
    const refresh = vi.fn<TokenExchange>((token) => Promise.resolve(tokenResponse(`${token}+`, 100)));
    const store = new SessionStore({ storage: localStorage, refresh });
    store.set(tokenResponse('token-1', 100));
    const stop = store.keepFresh();

    await vi.advanceTimersByTimeAsync(79_999);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(store.token()).toBe('token-1+');
    await vi.advanceTimersByTimeAsync(80_000);
    expect(refresh).toHaveBeenCalledTimes(2);

    stop();
    await vi.advanceTimersByTimeAsync(200_000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('retries a failed renewal while the token still holds, and ends the session on a 401', async () => {
    const refresh = vi.fn<TokenExchange>(() => Promise.reject(new ApiError(0, 'Cannot reach the server')));
    const store = new SessionStore({ storage: localStorage, refresh });
    store.set(tokenResponse('token-1', 100));
    const stop = store.keepFresh();

    await vi.advanceTimersByTimeAsync(80_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    // 20 s left: the next try comes after half of that.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(store.token()).toBe('token-1');

    refresh.mockImplementation(() => Promise.reject(new ApiError(401, 'Token expired')));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(store.get()).toBeNull();
    expect(store.getEndReason()).toBe('expired');
    stop();
  });
});
