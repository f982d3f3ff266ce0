import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLiveClient } from '@/realtime/use-live-client';
import { createLiveConnection } from './live-connection';

/** Runs the signed-in session's live connection while mounted and returns its state for the badge. */
export function useLiveConnection() {
  const queryClient = useQueryClient();
  const [connection] = useState(() => createLiveConnection(queryClient));
  useEffect(() => connection.run(), [connection]);
  return useLiveClient(connection.client);
}
