import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Statistics } from '@argus/shared';
import { Clock, localDay } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The statistics every dashboard shows. Each query is a primary-key or index lookup
 * (daily_counters for "today", the (event_type, occurred_at) index for the last
 * recognition), so the cost does not grow with the number of stored events.
 */
export const STATISTICS_QUERIES = {
  today: (placeholder: string) =>
    `SELECT metric, count FROM daily_counters WHERE day = ${placeholder} AND metric IN ('face_recognized', 'face_unknown', 'all')`,
  lastRecognition: `SELECT MAX(occurred_at) AS last FROM camera_events WHERE event_type = 'face_recognized'`,
  people: `SELECT COUNT(*) AS total FROM people`,
  cameras: `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN status = 'online' AND enabled THEN 1 ELSE 0 END), 0) AS active FROM cameras`,
  openAlerts: `SELECT COUNT(*) AS open FROM alerts WHERE acknowledged_at IS NULL`,
} as const;

@Injectable()
export class StatisticsService {
  private cached: { snapshot: Statistics; at: number } | null = null;
  private inflight: Promise<Statistics> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A fresh snapshot; concurrent callers share one computation. Also refreshes the cache. */
  compute(): Promise<Statistics> {
    this.inflight ??= this.computeNow().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** The newest snapshot computed, however old; undefined before the first. */
  latest(): Statistics | undefined {
    return this.cached?.snapshot;
  }

  /** The cached snapshot while younger than STATS_INTERVAL_MS, else a fresh one. */
  async current(): Promise<Statistics> {
    if (this.cached && performance.now() - this.cached.at < this.config.statsIntervalMs) return this.cached.snapshot;
    return this.compute();
  }

  private async computeNow(): Promise<Statistics> {
    const now = this.clock.now();
    const today = localDay(now, this.config.timeZone);
    const placeholder = this.dataSource.options.type === 'postgres' ? '$1' : '?';
    const [counters, last, people, cameras, alerts] = await Promise.all([
      this.dataSource.query<Array<{ metric: string; count: number | string }>>(STATISTICS_QUERIES.today(placeholder), [
        today,
      ]),
      this.dataSource.query<Array<{ last: string | null }>>(STATISTICS_QUERIES.lastRecognition),
      this.dataSource.query<Array<{ total: number | string }>>(STATISTICS_QUERIES.people),
      this.dataSource.query<Array<{ total: number | string; active: number | string }>>(STATISTICS_QUERIES.cameras),
      this.dataSource.query<Array<{ open: number | string }>>(STATISTICS_QUERIES.openAlerts),
    ]);
    const count = (metric: string): number => Number(counters.find((row) => row.metric === metric)?.count ?? 0);
    const snapshot: Statistics = {
      total_people: Number(people[0]?.total ?? 0),
      recognitions_today: count('face_recognized'),
      unknown_faces_today: count('face_unknown'),
      last_recognition: last[0]?.last ?? null,
      total_cameras: Number(cameras[0]?.total ?? 0),
      active_cameras: Number(cameras[0]?.active ?? 0),
      events_today: count('all'),
      open_alerts: Number(alerts[0]?.open ?? 0),
      generated_at: now.toISOString(),
    };
    this.cached = { snapshot, at: performance.now() };
    return snapshot;
  }
}
