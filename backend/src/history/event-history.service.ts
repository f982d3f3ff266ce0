import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  EVENT_TYPES,
  HISTOGRAM_MAX_BUCKETS,
  type EventHistogram,
  type EventHistoryPage,
  type EventType,
  type HistogramBucket,
  type HistogramBucketCounts,
} from '@argus/shared';
import { Clock } from '../common/time';
import { CameraEventRow, rowToCameraEvent } from '../events/camera-event.mapper';
import { HourCounters } from './hour-counters';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { EventFilter } from './event-filter';
import {
  BuiltQuery,
  firstIdAtQuery,
  hourCountsQuery,
  MAX_ID_QUERY,
  pageDriver,
  PageDriver,
  pageQuery,
  rawCountsQuery,
  SMALL_RANGE,
  SUMMED_BUCKETS_MAX,
} from './event-queries';

const HOUR_MS = 3_600_000;

/** The history of contract §9: pages backwards by id, histograms, and the rows of the CSV export. */
@Injectable()
export class EventHistoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly counters: HourCounters,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  private async run<T>(query: BuiltQuery): Promise<T[]> {
    return this.dataSource.query<T[]>(query.sql, query.params);
  }

  /** Events with ids below `before` matching `filter`, highest id first. */
  async page(filter: EventFilter, before: number, limit: number): Promise<EventHistoryPage> {
    const rows = await this.rows(filter, before, limit + 1);
    const items = rows.slice(0, limit).map(rowToCameraEvent);
    return { items, next_before: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** Up to `limit` rows below `before`, highest id first (the export reads its batches here). */
  async rows(filter: EventFilter, before: number, limit: number): Promise<CameraEventRow[]> {
    const driver = await this.chooseDriver(filter, before);
    return this.run<CameraEventRow>(pageQuery(filter, before, limit, this.postgres, driver));
  }

  /**
   * The filter's own index, unless a time range is small or far back: then reading the range
   * by occurred_at and sorting it costs less than walking from `before` down to the range.
   * Sizes are estimated from ids (ids grow with time), two index probes; they decide speed only.
   */
  async chooseDriver(filter: EventFilter, before: number): Promise<PageDriver> {
    const driver = pageDriver(filter);
    if (filter.from === undefined && filter.to === undefined) return driver;
    const [maxRow] = await this.dataSource.query<Array<{ id: number | string | null }>>(MAX_ID_QUERY);
    const top = Math.min(before - 1, Number(maxRow?.id ?? 0));
    const idAt = async (time: string | undefined, fallback: number): Promise<number> => {
      if (time === undefined) return fallback;
      const [row] = await this.run<{ id: number | string }>(firstIdAtQuery(time, this.postgres));
      return row === undefined ? Number(maxRow?.id ?? 0) + 1 : Number(row.id);
    };
    const end = Math.min(await idAt(filter.to, top + 1), top + 1);
    const start = await idAt(filter.from, 1);
    const inRange = Math.max(0, end - start);
    const newer = Math.max(0, top + 1 - end);
    return inRange <= Math.max(newer, SMALL_RANGE) ? 'time' : driver;
  }

  /**
   * Counts per bucket and type over [from, to) widened to whole buckets, every bucket listed.
   * Hours and days come from the hourly counters; minutes and person filters from the events.
   */
  async histogram(filter: EventFilter, bucket: HistogramBucket): Promise<EventHistogram> {
    const zone = this.counters.zone;
    const to = filter.to === undefined ? this.clock.now().getTime() : Date.parse(filter.to);
    const from = filter.from === undefined ? to - 24 * HOUR_MS : Date.parse(filter.from);
    if (from >= to) throw new BadRequestException('from must be before to');
    const starts: number[] = [];
    for (let start = zone.bucketStart(bucket, from); start < to; start = zone.next(bucket, start)) {
      if (starts.length === HISTOGRAM_MAX_BUCKETS) {
        throw new BadRequestException(
          `the range holds more than ${HISTOGRAM_MAX_BUCKETS} ${bucket} buckets: choose a larger bucket or a shorter range`,
        );
      }
      starts.push(start);
    }
    const rangeFrom = new Date(starts[0]).toISOString();
    const rangeTo = new Date(zone.next(bucket, starts[starts.length - 1])).toISOString();
    const items: HistogramBucketCounts[] = starts.map((start) => ({
      start: new Date(start).toISOString(),
      counts: {},
    }));
    const index = new Map(starts.map((start, i) => [start, i]));
    const addTo = (bucketStart: number, type: EventType, n: number): void => {
      const i = index.get(bucketStart);
      if (i === undefined || n <= 0 || !EVENT_TYPES.includes(type)) return;
      const counts = items[i].counts;
      counts[type] = (counts[type] ?? 0) + n;
    };
    if (bucket === 'minute' || filter.personId !== undefined) {
      const rows = await this.run<{ occurred_at: string; event_type: EventType }>(
        rawCountsQuery(filter, rangeFrom, rangeTo, this.postgres),
      );
      for (const row of rows) addTo(zone.bucketStart(bucket, Date.parse(row.occurred_at)), row.event_type, 1);
    } else {
      const summed = bucket === 'day' && starts.length <= SUMMED_BUCKETS_MAX;
      const rows = await this.run<{ hour: string; event_type: EventType; n: number | string }>(
        hourCountsQuery(
          filter,
          rangeFrom,
          rangeTo,
          this.postgres,
          summed ? items.map((item) => item.start) : undefined,
        ),
      );
      for (const row of rows) {
        const hour = Date.parse(row.hour);
        addTo(bucket === 'hour' ? zone.hourStart(hour) : zone.dayStart(hour), row.event_type, Number(row.n));
      }
    }
    return { bucket, items };
  }
}
