import { useEffect } from 'react';
import { sessionStore } from '@/lib/session';
import { renewSession } from '../api/refresh-token';

const MIN_DELAY_MS = 5_000;
const RETRY_DELAY_MS = 30_000;

/**
 * Renews the token over REST at ~80 % of its remaining lifetime (for a fresh token, 80 % of its
 * lifetime). The new token lands in the session store; the live client picks it up and sends it
 * in-band, so the socket is never closed with 4001 for expiry.
 */
export function useSessionRefresh(expiresAt: number): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const schedule = (delay: number) => {
      timer = setTimeout(() => {
        void renewSession().then((token) => {
          // Failure: retry while the old token is still valid; a 401 ends the session anyway.
          if (!cancelled && token === null && sessionStore.get() !== null && Date.now() < expiresAt) {
            schedule(Math.min(RETRY_DELAY_MS, Math.max(MIN_DELAY_MS, (expiresAt - Date.now()) / 2)));
          }
        });
      }, delay);
    };
    schedule(Math.max(MIN_DELAY_MS, (expiresAt - Date.now()) * 0.8));
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [expiresAt]);
}
