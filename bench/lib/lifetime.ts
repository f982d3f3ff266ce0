/**
 * Every benchmark part stops by itself: its child processes are killed and its temporary
 * directories removed on exit, on Ctrl-C, on error, and when the part's time limit passes.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
let beforeStop: (() => void) | null = null;

/** Runs `report` when the time limit stops the part, so what was measured is still shown. */
export function onTimeLimit(report: () => void): void {
  beforeStop = report;
}

/** Kills `child` when the benchmark ends, whatever the reason. */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Removes `dir` when the benchmark ends. */
export function trackDir(dir: string): string {
  tempDirs.push(dir);
  return dir;
}

function cleanup(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Installs the clean-up hooks and a hard time limit for the part called `name`. */
export function bounded(name: string, limitMs: number): void {
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanup();
      process.exit(130);
    });
  }
  setTimeout(() => {
    console.error(`${name}: exceeded its limit of ${Math.round(limitMs / 60_000)} minutes: stopping`);
    try {
      beforeStop?.();
    } finally {
      cleanup();
    }
    process.exit(2);
  }, limitMs).unref();
}

/** Runs `main`, prints an error's stack, exits 1 on error and cleans up either way. */
export function run(main: () => Promise<void>): void {
  main()
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exitCode = 1;
    })
    .finally(cleanup);
}
