import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** Renders a component with a fresh query client and a memory router at `path`. */
export function renderWithProviders(ui: ReactElement, { path = '/under-test', queryClient = testQueryClient() } = {}) {
  const router = createMemoryRouter(
    [
      { path: '*', element: ui },
      { path: '/', element: <p>Dashboard home</p> },
    ],
    { initialEntries: [path] },
  );
  return {
    queryClient,
    ...render(<QueryClientProvider client={queryClient}>{<RouterProvider router={router} />}</QueryClientProvider>),
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
