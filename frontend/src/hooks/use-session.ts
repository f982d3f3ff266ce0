import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from '@/lib/session';

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
