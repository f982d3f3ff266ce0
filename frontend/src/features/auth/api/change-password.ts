import type { ChangePasswordRequest, TokenResponse } from '@argus/shared';
import { useMutation } from '@tanstack/react-query';
import { httpRequest } from '@/lib/http';
import { sessionStore } from '@/lib/session';

export function changePassword(body: ChangePasswordRequest, token: string): Promise<TokenResponse> {
  return httpRequest<TokenResponse>('/api/auth/password', { method: 'POST', body, token });
}

/**
 * The answer is a fresh token (every older one stops working), so the change runs as the
 * session's renewal: the session keeps the new token, and a renewal asked for meanwhile (the
 * socket closing 4001 because its token was revoked) waits for it instead of sending the old one.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => sessionStore.exchange((token) => changePassword(body, token)),
  });
}
