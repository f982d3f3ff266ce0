import type { DropLog } from '../mqtt/drop-log';

export const SNAPSHOT_FETCH_TIMEOUT_MS = 5000;

/**
 * Fetches an object's best snapshot from Frigate's HTTP API
 * (`GET <FRIGATE_URL>/api/events/<id>/snapshot.jpg`), bounded in time and size. Undefined
 * when there is no FRIGATE_URL or the fetch fails (the event is then stored without image).
 */
export class FrigateSnapshotFetcher {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly maxBytes: number,
    private readonly drops: DropLog,
    private readonly timeoutMs = SNAPSHOT_FETCH_TIMEOUT_MS,
  ) {}

  get enabled(): boolean {
    return this.baseUrl !== undefined;
  }

  async fetch(objectId: string): Promise<Buffer | undefined> {
    if (this.baseUrl === undefined) return undefined;
    const url = `${this.baseUrl}/api/events/${encodeURIComponent(objectId)}/snapshot.jpg`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
      if (response.status !== 200 || response.body === null) {
        await response.body?.cancel();
        this.drops.drop('snapshot unavailable', `Frigate answered ${response.status} for ${objectId}`);
        return undefined;
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > this.maxBytes) {
          this.drops.drop('snapshot too large', `Frigate's snapshot of ${objectId} is over ${this.maxBytes} bytes`);
          return undefined;
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    } catch (error) {
      this.drops.drop('snapshot fetch failed', error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }
}
