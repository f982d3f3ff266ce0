import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { sessionStore } from '@/lib/session';

afterEach(() => {
  cleanup();
  // Each test starts signed out, with nothing stored.
  sessionStore.end('signed_out');
  sessionStore.clearEndReason();
  localStorage.clear();
});
