/** The timer functions the simulator schedules with; tests pass fakes and fire them by hand. */
export interface SimulatorTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: SimulatorTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const SIMULATOR_TIMERS = Symbol('SIMULATOR_TIMERS');
export const SIMULATOR_RANDOM = Symbol('SIMULATOR_RANDOM');
export const SIMULATOR_PAINTER = Symbol('SIMULATOR_PAINTER');
