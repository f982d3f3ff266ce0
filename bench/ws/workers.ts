/** The parent's side of the client workers: forks them, sends one command each, gathers the answers. */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { track } from '../lib/lifetime';
import type { WorkerCommand, WorkerReply } from './protocol';

export class Workers {
  private readonly workers: ChildProcess[] = [];
  private readonly pending = new Map<ChildProcess, Array<(reply: WorkerReply) => void>>();

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const worker = track(
        fork(join(__dirname, 'client-worker.ts'), [], {
          execArgv: ['--import', 'tsx'],
          cwd: __dirname,
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      this.pending.set(worker, []);
      worker.on('message', (reply: WorkerReply) => this.pending.get(worker)?.shift()?.(reply));
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends one command per worker (built from its index) and waits for every answer. */
  ask<K extends WorkerReply['type']>(
    type: K,
    command: (worker: number) => WorkerCommand,
  ): Promise<Array<Extract<WorkerReply, { type: K }>>> {
    return Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<Extract<WorkerReply, { type: K }>>((resolve, reject) => {
            this.pending.get(worker)!.push((reply) => {
              if (reply.type === type) resolve(reply as Extract<WorkerReply, { type: K }>);
              else reject(new Error(`worker ${index} answered ${reply.type}, expected ${type}`));
            });
            worker.send(command(index));
          }),
      ),
    );
  }

  kill(): void {
    for (const worker of this.workers) worker.kill();
  }
}
