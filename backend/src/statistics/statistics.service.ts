import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Statistics } from '@argus/shared';
import { Clock, localDay } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { isNewer, SharedStatistics, type VersionedStatistics } from './shared-statistics';

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
  /**
   * All of the above in one statement, so one database snapshot (the counts agree with each
   * other and with `high_water`, the newest event id, which orders snapshots between instances).
   */
  snapshot: (placeholder: string) => `SELECT
  (SELECT COUNT(*) FROM people) AS total_people,
  (SELECT COALESCE(MAX(id), 0) FROM camera_events) AS high_water,
  (SELECT MAX(occurred_at) FROM camera_events WHERE event_type = 'face_recognized') AS last_recognition,
  (SELECT COUNT(*) FROM cameras) AS total_cameras,
  (SELECT COALESCE(SUM(CASE WHEN status = 'online' AND enabled THEN 1 ELSE 0 END), 0) FROM cameras) AS active_cameras,
  (SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NULL) AS open_alerts,
  today.recognized, today.unknown, today.total
FROM (SELECT
    COALESCE(SUM(CASE WHEN metric = 'face_recognized' THEN count ELSE 0 END), 0) AS recognized,
    COALESCE(SUM(CASE WHEN metric = 'face_unknown' THEN count ELSE 0 END), 0) AS unknown,
    COALESCE(SUM(CASE WHEN metric = 'all' THEN count ELSE 0 END), 0) AS total
  FROM daily_counters WHERE day = ${placeholder} AND metric IN ('face_recognized', 'face_unknown', 'all')) today`,
} as const;

interface SnapshotRow {
  total_people: number | string;
  high_water: number | string;
  last_recognition: string | null;
  total_cameras: number | string;
  active_cameras: number | string;
  open_alerts: number | string;
  recognized: number | string;
  unknown: number | string;
  total: number | string;
}

@Injectable()
export class StatisticsService {
  private cached: { snapshot: VersionedStatistics; at: number } | null = null;
  private inflight: Promise<Statistics> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly shared: SharedStatistics,
  ) {}

  /**
   * A fresh snapshot, offered to the other instances; answers the newest known (this one, or
   * a newer one another instance computed). Concurrent callers share one computation.
   */
  compute(): Promise<Statistics> {
    this.inflight ??= this.computeNow().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** The newest snapshot known (this instance's or a newer one from another), however old; undefined before the first. */
  latest(): Statistics | undefined {
    return this.cached?.snapshot.statistics;
  }

  /**
   * The polling answer: the cached snapshot while younger than STATS_INTERVAL_MS (else a fresh
   * one), or the cluster's newest when another instance has a newer one, so a client polling
   * instances in turn never sees counts go back.
   */
  async current(): Promise<Statistics> {
    if (!this.cached || performance.now() - this.cached.at >= this.config.statsIntervalMs) return this.compute();
    const local = this.cached.snapshot;
    const newest = await this.shared.latest();
    return newest !== null && isNewer(newest, local) ? newest.statistics : local.statistics;
  }

  private async computeNow(): Promise<Statistics> {
    const now = this.clock.now();
    const today = localDay(now, this.config.timeZone);
    const placeholder = this.dataSource.options.type === 'postgres' ? '$1' : '?';
    const rows = await this.dataSource.query<SnapshotRow[]>(STATISTICS_QUERIES.snapshot(placeholder), [today]);
    const row = rows[0];
    const fresh: VersionedStatistics = {
      high_water: Number(row?.high_water ?? 0),
      statistics: {
        total_people: Number(row?.total_people ?? 0),
        recognitions_today: Number(row?.recognized ?? 0),
        unknown_faces_today: Number(row?.unknown ?? 0),
        last_recognition: row?.last_recognition ?? null,
        total_cameras: Number(row?.total_cameras ?? 0),
        active_cameras: Number(row?.active_cameras ?? 0),
        events_today: Number(row?.total ?? 0),
        open_alerts: Number(row?.open_alerts ?? 0),
        generated_at: now.toISOString(),
      },
    };
    const newest = await this.shared.offer(fresh);
    this.cached = { snapshot: newest, at: performance.now() };
    return newest.statistics;
  }
}
