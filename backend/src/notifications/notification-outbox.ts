import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SEVERITIES, type ChannelKind, type Severity } from '@argus/shared';
import type { RaisedAlert } from '../alerts/alert-raiser';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { inQuietHours } from './quiet-hours';
import { runSql } from './sql';

interface Candidate {
  id: number;
  user_id: number;
  kind: ChannelKind;
  min_severity: Severity;
  quiet_start: string | null;
  quiet_end: string | null;
}

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/**
 * The outbox's writing half (contract §10): inside the ingest transaction, one pending
 * `notification_deliveries` row per raised alert and matching channel, so an alert and its
 * deliveries are stored together and sending never delays ingest. A channel matches when
 * it is enabled, its user is in the alert's audience and not disabled, the alert reaches
 * its minimum severity, and (below critical) its user is not in quiet hours.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(manager: EntityManager, raised: readonly RaisedAlert[]): Promise<number> {
    let queued = 0;
    for (const { alert, audience } of raised) {
      const params: unknown[] = [];
      let who = '';
      if (audience.user_id !== null) {
        params.push(audience.user_id);
        who = 'AND u.id = $1';
      } else if (audience.role !== null) {
        params.push(audience.role);
        who = 'AND u.role = $1';
      }
      const candidates = await runSql<Candidate>(
        manager,
        `SELECT c.id, c.user_id, c.kind, c.min_severity, p.quiet_start, p.quiet_end
         FROM notification_channels c
         JOIN users u ON u.id = c.user_id
         LEFT JOIN notification_preferences p ON p.user_id = c.user_id
         WHERE c.enabled AND NOT u.disabled ${who}
         ORDER BY c.id`,
        params,
      );
      const now = this.clock.now();
      const matching = candidates.filter(
        (channel) =>
          rank(alert.severity) >= rank(channel.min_severity) &&
          (alert.severity === 'critical' ||
            channel.quiet_start === null ||
            channel.quiet_end === null ||
            !inQuietHours({ start: channel.quiet_start, end: channel.quiet_end }, now, this.config.timeZone)),
      );
      if (matching.length === 0) continue;
      const at = now.toISOString();
      const values: string[] = [];
      const rows: unknown[] = [];
      for (const channel of matching) {
        const n = rows.length;
        values.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, 'pending', 0, $${n + 5}, $${n + 5})`);
        rows.push(alert.id, Number(channel.id), Number(channel.user_id), channel.kind, at);
      }
      await runSql(
        manager,
        `INSERT INTO notification_deliveries (alert_id, channel_id, user_id, kind, status, attempts, created_at, next_attempt_at)
         VALUES ${values.join(', ')} ON CONFLICT (alert_id, channel_id) DO NOTHING`,
        rows,
      );
      queued += matching.length;
    }
    return queued;
  }
}
