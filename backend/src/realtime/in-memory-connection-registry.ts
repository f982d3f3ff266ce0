import { Injectable } from '@nestjs/common';
import { ConnectionCounts, ConnectionRegistry } from './connection-registry';

/** One instance: a map of user id → connection ids. Check-and-add is synchronous, hence atomic. */
@Injectable()
export class InMemoryConnectionRegistry extends ConnectionRegistry {
  private readonly byUser = new Map<number, Set<string>>();
  private total = 0;

  tryAcquire(userId: number, connectionId: string, max: number): Promise<boolean> {
    let held = this.byUser.get(userId);
    if (held === undefined) {
      held = new Set();
      this.byUser.set(userId, held);
    }
    if (held.has(connectionId)) return Promise.resolve(true);
    if (held.size >= max) return Promise.resolve(false);
    held.add(connectionId);
    this.total += 1;
    return Promise.resolve(true);
  }

  release(userId: number, connectionId: string): Promise<void> {
    const held = this.byUser.get(userId);
    if (held?.delete(connectionId)) {
      this.total -= 1;
      if (held.size === 0) this.byUser.delete(userId);
    }
    return Promise.resolve();
  }

  countFor(userId: number): Promise<number> {
    return Promise.resolve(this.byUser.get(userId)?.size ?? 0);
  }

  counts(): Promise<ConnectionCounts> {
    const byUser = new Map<number, number>();
    for (const [userId, held] of this.byUser) if (held.size > 0) byUser.set(userId, held.size);
    return Promise.resolve({ total_connections: this.total, total_users: byUser.size, by_user: byUser });
  }
}
