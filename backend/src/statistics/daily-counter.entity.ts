import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-day event counters, maintained in the same transaction as each insert, so
 * "today" statistics cost one primary-key lookup whatever the number of stored events.
 * `day` is the local date (YYYY-MM-DD in the server's TZ) of the event's occurred_at;
 * `metric` is an event type or `all`.
 */
@Entity({ name: 'daily_counters' })
export class DailyCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  metric: string;

  @Column({ type: 'integer', default: 0 })
  count: number;
}
