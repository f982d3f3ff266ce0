import { useSyncExternalStore } from 'react';
import type { LiveClient } from './live-client';

/** The one hook through which React sees a live client: its connection state, as a store. */
export function useLiveClient(client: Pick<LiveClient, 'subscribe' | 'getSnapshot'>) {
  return useSyncExternalStore(client.subscribe, client.getSnapshot);
}
