import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventType } from '@argus/shared';
import { ZonedTime } from '../common/zoned-time';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** What an hourly counter is keyed by. */
export interface CountedEvent {
  cameraId: number;
  eventType: EventType;
  occurredAt: string;
  hasSnapshot: boolean;
}

/**
 * Events per local hour (event_hour_counts by type; event_hour_camera_counts by camera,
 * type and picture), so a histogram reads one row per hour and type however busy the hour
 * was. Ingest adds in its transaction; retention subtracts what it deletes.
 */
@Injectable()
export class HourCounters {
  readonly zone: ZonedTime;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.zone = new ZonedTime(config.timeZone);
  }

  /** The counters' key for a time: the UTC start of its local hour. */
  hourOf(occurredAt: string): string {
    return new Date(this.zone.hourStart(Date.parse(occurredAt))).toISOString();
  }

  async add(manager: EntityManager, event: CountedEvent): Promise<void> {
    const pg = manager.connection.options.type === 'postgres';
    const hour = this.hourOf(event.occurredAt);
    await manager.query(
      `INSERT INTO event_hour_counts (hour, event_type, count) VALUES (${pg ? '$1, $2' : '?, ?'}, 1)
       ON CONFLICT (hour, event_type) DO UPDATE SET count = event_hour_counts.count + 1`,
      [hour, event.eventType],
    );
    await manager.query(
      `INSERT INTO event_hour_camera_counts (camera_id, hour, event_type, has_snapshot, count)
       VALUES (${pg ? '$1, $2, $3, $4' : '?, ?, ?, ?'}, 1)
       ON CONFLICT (camera_id, hour, event_type, has_snapshot)
       DO UPDATE SET count = event_hour_camera_counts.count + 1`,
      [event.cameraId, hour, event.eventType, event.hasSnapshot],
    );
  }

  /** Takes deleted events off their hours (retention). */
  async subtract(manager: EntityManager, events: readonly CountedEvent[]): Promise<void> {
    const pg = manager.connection.options.type === 'postgres';
    const byType = new Map<string, { hour: string; eventType: string; n: number }>();
    const byCamera = new Map<string, CountedEvent & { hour: string; n: number }>();
    for (const event of events) {
      const hour = this.hourOf(event.occurredAt);
      const typeKey = `${hour}|${event.eventType}`;
      const typed = byType.get(typeKey) ?? { hour, eventType: event.eventType, n: 0 };
      typed.n += 1;
      byType.set(typeKey, typed);
      const cameraKey = `${event.cameraId}|${typeKey}|${event.hasSnapshot}`;
      const camera = byCamera.get(cameraKey) ?? { ...event, hour, n: 0 };
      camera.n += 1;
      byCamera.set(cameraKey, camera);
    }
    for (const { hour, eventType, n } of byType.values()) {
      await manager.query(
        `UPDATE event_hour_counts SET count = count - ${pg ? '$1' : '?'}
         WHERE hour = ${pg ? '$2' : '?'} AND event_type = ${pg ? '$3' : '?'}`,
        [n, hour, eventType],
      );
    }
    for (const { cameraId, hour, eventType, hasSnapshot, n } of byCamera.values()) {
      await manager.query(
        `UPDATE event_hour_camera_counts SET count = count - ${pg ? '$1' : '?'}
         WHERE camera_id = ${pg ? '$2' : '?'} AND hour = ${pg ? '$3' : '?'}
         AND event_type = ${pg ? '$4' : '?'} AND has_snapshot = ${pg ? '$5' : '?'}`,
        [n, cameraId, hour, eventType, hasSnapshot],
      );
    }
  }
}
