/**
 * A server under test, run as its own process: `node --expose-gc -r ws/metrics-preload.js`
 * with an IPC channel, so the benchmark can ask for its heap after GC, read its RSS and
 * open files from /proc, and scan its stdout for ready lines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { track } from './lifetime';

const PRELOAD = join(__dirname, '..', 'ws', 'metrics-preload.js');

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

export interface OpenFiles {
  open: number;
  /** Soft RLIMIT_NOFILE of the process. */
  limit: number;
}

/** Soft RLIMIT_NOFILE of a process ('self': this one, inherited by the processes it forks). */
export function fileLimit(pid: number | 'self'): number {
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
}

export class ServerProcess {
  private buffer = '';
  private waiters: Array<(line: string) => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    track(child);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake(line);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `node [--import tsx] <script>` with the metrics preload; `tsx` for TypeScript scripts. */
  static start(script: string, env: Record<string, string>, cwd: string): ServerProcess {
    const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const child = spawn(process.execPath, ['--expose-gc', '-r', PRELOAD, ...loader, script], {
      cwd,
      env: { PATH: process.env.PATH, TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new ServerProcess(child);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the rest of the first stdout line starting with `prefix`. */
  line(prefix: string, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolveLine, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${prefix}" line from the server`)), timeoutMs);
      const wait = (line: string): void => {
        if (line.startsWith(prefix)) {
          clearTimeout(timer);
          resolveLine(line.slice(prefix.length).trim());
        } else this.waiters.push(wait);
      };
      this.waiters.push(wait);
    });
  }

  /** RSS from /proc; heap and external after two forced GCs, answered by the preload over IPC. */
  async memory(): Promise<Memory> {
    const usage = await new Promise<NodeJS.MemoryUsage>((resolveUsage, reject) => {
      const timer = setTimeout(() => reject(new Error('no memory answer from the server')), 10_000);
      const onMessage = (message: unknown): void => {
        if (typeof message !== 'object' || message === null || !('benchMemory' in message)) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolveUsage((message as { benchMemory: NodeJS.MemoryUsage }).benchMemory);
      };
      this.child.on('message', onMessage);
      this.child.send('bench:memory');
    });
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { rss: rss === null ? NaN : Number(rss[1]) * 1024, heapUsed: usage.heapUsed, external: usage.external };
  }

  files(): OpenFiles {
    return { open: readdirSync(`/proc/${this.pid}/fd`).length, limit: fileLimit(this.pid) };
  }

  /** SIGTERM; resolves with the exit code and how long the process took to exit. */
  async terminate(): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    this.child.kill('SIGTERM');
    const { code } = await this.exited;
    return { code, ms: Date.now() - started };
  }
}
