import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Alert, ChannelKind, DeliveryAttempt, DeliveryStatus, Role } from '@argus/shared';
import { AlertsService } from '../alerts/alerts.service';
import type { AuthUser } from '../common/auth-user';
import { Clock } from '../common/time';
import { AckTokenSigner } from './ack-token';
import { runSql } from './sql';

interface LogRow {
  id: number;
  channel_id: number;
  kind: ChannelKind;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  attempt: number | null;
  at: string | null;
  attempt_status: 'delivered' | 'failed' | null;
  detail: string | null;
}

/** The deliveries log and the Acknowledge action of notifications. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertsService,
    private readonly ackTokens: AckTokenSigner,
    private readonly clock: Clock,
  ) {}

  /**
   * Every attempt for one alert, by channel then attempt, plus a `pending` row per delivery
   * still waiting (at: when it is due). Admins see every user's deliveries; others their own,
   * and only for alerts they were in the audience of (else 404, as for an unknown alert).
   */
  async log(user: Pick<AuthUser, 'id' | 'role'>, alertId: number): Promise<DeliveryAttempt[]> {
    const manager = this.dataSource.manager;
    const alerts = await runSql<{ user_id: number | null; role: Role | null }>(
      manager,
      'SELECT user_id, role FROM alerts WHERE id = $1',
      [alertId],
    );
    const alert = alerts[0];
    const inAudience =
      alert !== undefined &&
      (alert.user_id === null ? alert.role === null || alert.role === user.role : Number(alert.user_id) === user.id);
    if (alert === undefined || (user.role !== 'admin' && !inAudience)) {
      throw new NotFoundException(`alert ${alertId} not found`);
    }
    const mine = user.role === 'admin' ? '' : 'AND d.user_id = $2';
    const rows = await runSql<LogRow>(
      manager,
      `SELECT d.id, d.channel_id, d.kind, d.status, d.attempts, d.next_attempt_at,
              a.attempt, a.at, a.status AS attempt_status, a.detail
       FROM notification_deliveries d LEFT JOIN notification_attempts a ON a.delivery_id = d.id
       WHERE d.alert_id = $1 ${mine}
       ORDER BY d.channel_id, d.id, a.attempt`,
      user.role === 'admin' ? [alertId] : [alertId, user.id],
    );
    const log: DeliveryAttempt[] = [];
    rows.forEach((row, index) => {
      const channel_id = Number(row.channel_id);
      if (row.attempt !== null && row.at !== null && row.attempt_status !== null) {
        log.push({
          channel_id,
          kind: row.kind,
          attempt: Number(row.attempt),
          at: row.at,
          status: row.attempt_status,
          detail: row.detail ?? '',
        });
      }
      const lastOfDelivery = rows[index + 1]?.id !== row.id;
      if (lastOfDelivery && row.status === 'pending' && row.next_attempt_at !== null) {
        log.push({
          channel_id,
          kind: row.kind,
          attempt: Number(row.attempts) + 1,
          at: row.next_attempt_at,
          status: 'pending',
          detail: Number(row.attempts) === 0 ? 'queued' : 'waiting to retry',
        });
      }
    });
    return log;
  }

  /**
   * The Acknowledge action of a notification: its token acknowledges its one alert as its
   * user (who must still be enabled and in the alert's audience), without an access token.
   */
  async acknowledgeWithToken(token: string): Promise<Alert> {
    const grant = this.ackTokens.verify(token, this.clock.now());
    if (grant === null) throw new UnauthorizedException('invalid or expired acknowledge token');
    const users = await runSql<{ id: number; username: string; role: Role; disabled: boolean | number }>(
      this.dataSource.manager,
      'SELECT id, username, role, disabled FROM users WHERE id = $1',
      [grant.userId],
    );
    const user = users[0];
    if (user === undefined || Boolean(user.disabled)) {
      throw new UnauthorizedException('the user of this acknowledge token is disabled or deleted');
    }
    return this.alerts.acknowledge(grant.alertId, { id: Number(user.id), username: user.username, role: user.role });
  }
}
