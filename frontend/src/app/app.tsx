import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { alertToasts } from '@/features/alerts/stores/alert-toasts';
import { createQueryClient } from '@/lib/query-client';
import { sessionStore } from '@/lib/session';
import { createAppRouter } from './router';

/** Forget everything the previous user saw when the session ends (sign-out, expiry, disabled). */
function useClearOnSignOut(queryClient: QueryClient): void {
  useEffect(
    () =>
      sessionStore.subscribe(() => {
        if (sessionStore.get() !== null) return;
        queryClient.clear();
        alertToasts.clear();
      }),
    [queryClient],
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  useClearOnSignOut(queryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
