import type { TokenResponse } from '@argus/shared';
import { apiRequest } from '@/lib/api-client';
import { sessionStore } from '@/lib/session';

export function refreshToken(): Promise<TokenResponse> {
  return apiRequest<TokenResponse>('/api/auth/refresh', { method: 'POST' });
}

/** Renews the session over REST and stores it; null when the session cannot be renewed. */
export async function renewSession(): Promise<string | null> {
  try {
    return sessionStore.set(await refreshToken()).access_token;
  } catch {
    return null;
  }
}
