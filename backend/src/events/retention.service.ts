import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventType } from '@argus/shared';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HourCounters } from '../history/hour-counters';

/** Rows deleted per transaction, and the pause between batches, so ingest never waits long. */
export const RETENTION_BATCH = 500;
export const RETENTION_PAUSE_MS = 100;
/** A run at start, then one an hour. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/**
 * The PostgreSQL advisory lock that lets one instance run at a time. Advisory locks are
 * database-wide, so the key depends on the schema: deployments sharing a database in
 * separate schemas (and parallel test apps) do not skip each other's runs.
 */
export function retentionLockKey(schema: string | undefined): number {
  return createHash('sha256')
    .update(`argus retention ${schema ?? ''}`)
    .digest()
    .readInt32BE(0);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RetainedRow {
  id: number;
  camera_id: number;
  event_type: EventType;
  occurred_at: string;
  has_snapshot: boolean | number;
}

export type RetentionRun = { deleted: number } | { skipped: 'disabled' | 'locked' };

/**
 * EVENT_RETENTION_DAYS: deletes events whose occurred_at is older, with their images, oldest
 * first in small batches outside the ingest queue. Alerts keep their event_id (alerts have no
 * foreign key to events); daily_counters are left alone, so past days' statistics stay; the
 * hourly counters lose the deleted events, so histograms count what the history lists.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionRun> | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly hourCounters: HourCounters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.eventRetentionDays === 0) return;
    const start = (): void => {
      this.running ??= this.run()
        .catch((error: unknown): RetentionRun => {
          this.logger.warn(`retention run failed: ${error instanceof Error ? error.message : String(error)}`);
          return { deleted: 0 };
        })
        .finally(() => (this.running = null));
    };
    start();
    this.timer = setInterval(start, RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One full run: every event older than the retention period, batch by batch. */
  async run(): Promise<RetentionRun> {
    if (this.config.eventRetentionDays === 0) return { skipped: 'disabled' };
    const cutoff = new Date(this.clock.now().getTime() - this.config.eventRetentionDays * 86_400_000).toISOString();
    const postgres = this.dataSource.options.type === 'postgres';
    // A session lock on one dedicated connection, released (or dropped with it) at the end.
    const runner = postgres ? this.dataSource.createQueryRunner() : undefined;
    try {
      if (runner) {
        const key = retentionLockKey(
          this.config.database.type === 'postgres' ? this.config.database.schema : undefined,
        );
        const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as Array<{
          locked: boolean;
        }>;
        if (!locked) return { skipped: 'locked' };
      }
      let deleted = 0;
      for (;;) {
        const batch = await this.deleteBatch(cutoff, postgres);
        deleted += batch;
        if (batch < RETENTION_BATCH || this.stopping) break;
        await pause(RETENTION_PAUSE_MS);
      }
      if (deleted > 0) this.logger.log(`deleted ${deleted} events older than ${cutoff} with their images`);
      return { deleted };
    } finally {
      if (runner) {
        await runner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
        await runner.release();
      }
    }
  }

  private deleteBatch(cutoff: string, postgres: boolean): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: RetainedRow[] = await manager.query(
        `SELECT id, camera_id, event_type, occurred_at, has_snapshot FROM camera_events WHERE occurred_at < ${postgres ? '$1' : '?'} ORDER BY occurred_at LIMIT ${RETENTION_BATCH}`,
        [cutoff],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => Number(row.id)).join(', ');
      await manager.query(`DELETE FROM event_snapshots WHERE event_id IN (${ids})`);
      await manager.query(`DELETE FROM camera_events WHERE id IN (${ids})`);
      await this.hourCounters.subtract(
        manager,
        rows.map((row) => ({
          cameraId: Number(row.camera_id),
          eventType: row.event_type,
          occurredAt: row.occurred_at,
          hasSnapshot: Boolean(row.has_snapshot),
        })),
      );
      return rows.length;
    });
  }
}
