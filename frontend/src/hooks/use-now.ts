import { useSyncExternalStore } from 'react';
import { clock } from '@/lib/clock';

/**
 * The current time from the shared clock, rounded down to `stepMs`: the component re-renders
 * only when that value changes (every second for "12 s ago", every 10 s for the chart).
 */
export function useNow(stepMs = 1_000): number {
  return useSyncExternalStore(clock.subscribe, () => Math.floor(clock.now() / stepMs) * stepMs);
}
