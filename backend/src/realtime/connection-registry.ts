/** Connection counts for `GET /api/ws/status`. */
export interface ConnectionCounts {
  total_connections: number;
  total_users: number;
  /** user id → open sockets. */
  by_user: Map<number, number>;
}

/**
 * Who holds which sockets, for the per-user cap (contract §3 step 3, "counted across all
 * instances"). In-memory for one instance; a Redis implementation shares it between
 * instances. Asynchronous so that implementation fits the same interface.
 */
export abstract class ConnectionRegistry {
  /** Atomically adds the connection if the user holds fewer than `max`; false otherwise. */
  abstract tryAcquire(userId: number, connectionId: string, max: number): Promise<boolean>;
  /** Removes the connection; unknown ids are ignored (release is idempotent). */
  abstract release(userId: number, connectionId: string): Promise<void>;
  abstract countFor(userId: number): Promise<number>;
  abstract counts(): Promise<ConnectionCounts>;
}
