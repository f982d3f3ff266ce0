import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import { PAGE_DEFAULT, type Alert, type AlertStatusFilter } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { Clock } from '../common/time';
import type { CameraEventEntity } from '../events/camera-event.entity';
import { AlertViewer } from './alert-audience';
import { alertMessage } from './alert-message';
import { AlertRaiser, RaisedAlert } from './alert-raiser';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertEntity } from './alert.entity';

export function toAlert(entity: AlertEntity): Alert {
  return {
    id: entity.id,
    event_id: entity.eventId,
    rule_id: entity.ruleId,
    camera_id: entity.cameraId,
    camera_name: entity.cameraName,
    event_type: entity.eventType,
    severity: entity.severity,
    message: entity.message,
    created_at: entity.createdAt,
    status: entity.acknowledgedAt === null ? 'open' : 'acknowledged',
    acknowledged_at: entity.acknowledgedAt,
    acknowledged_by:
      entity.acknowledgedBy === null
        ? null
        : { id: entity.acknowledgedBy, username: entity.acknowledgedByUsername ?? '' },
  };
}

@Injectable()
export class AlertsService extends AlertRaiser {
  constructor(
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** One alert per rule matching the event's type and camera, stored in the ingest transaction. */
  async raiseForEvent(manager: EntityManager, event: CameraEventEntity): Promise<RaisedAlert[]> {
    const rules = await manager.getRepository(AlertRuleEntity).find({
      where: [
        { eventType: event.eventType, cameraId: IsNull() },
        { eventType: event.eventType, cameraId: event.cameraId },
      ],
      order: { id: 'ASC' },
    });
    if (rules.length === 0) return [];
    const message = alertMessage(event);
    const createdAt = this.clock.now().toISOString();
    const repository = manager.getRepository(AlertEntity);
    const raised: RaisedAlert[] = [];
    // One insert per rule keeps alert ids in rule order, which the socket's replay relies on.
    for (const rule of rules) {
      const stored = await repository.save(
        repository.create({
          eventId: event.id,
          ruleId: rule.id,
          cameraId: event.cameraId,
          cameraName: event.cameraName,
          eventType: event.eventType,
          severity: rule.severity,
          message,
          userId: rule.userId,
          role: rule.role,
          createdAt,
          acknowledgedAt: null,
          acknowledgedBy: null,
          acknowledgedByUsername: null,
        }),
      );
      raised.push({ alert: toAlert(stored), audience: { user_id: stored.userId, role: stored.role } });
    }
    return raised;
  }

  /** The caller's alerts, newest first. */
  async list(user: AlertViewer, status: AlertStatusFilter, limit = PAGE_DEFAULT): Promise<Alert[]> {
    const query = this.visibleTo(user).orderBy('alert.id', 'DESC').limit(limit);
    if (status === 'open') query.andWhere('alert.acknowledged_at IS NULL');
    return (await query.getMany()).map(toAlert);
  }

  /** The caller's alerts raised by events after `afterEventId`, oldest first (socket replay). */
  async listForUserAfterEvent(user: AlertViewer, afterEventId: number, limit: number): Promise<Alert[]> {
    const alerts = await this.visibleTo(user)
      .andWhere('alert.event_id > :afterEventId', { afterEventId })
      .orderBy('alert.id', 'ASC')
      .limit(limit)
      .getMany();
    return alerts.map(toAlert);
  }

  /** Every alert of the events in (afterEventId, throughEventId], with its audience, in id order (EventFeed). */
  async raisedForEvents(afterEventId: number, throughEventId: number): Promise<RaisedAlert[]> {
    const alerts = await this.alerts
      .createQueryBuilder('alert')
      .where('alert.event_id > :afterEventId AND alert.event_id <= :throughEventId', { afterEventId, throughEventId })
      .orderBy('alert.id', 'ASC')
      .getMany();
    return alerts.map((entity) => ({
      alert: toAlert(entity),
      audience: { user_id: entity.userId, role: entity.role },
    }));
  }

  /**
   * Acknowledges for everyone in the audience. Idempotent: a second ack answers the
   * first one's who/when. Alerts outside the caller's audience are reported as unknown.
   */
  async acknowledge(id: number, user: Pick<AuthUser, 'id' | 'username' | 'role'>): Promise<Alert> {
    const existing = await this.visibleTo(user).andWhere('alert.id = :id', { id }).getOne();
    if (!existing) throw new NotFoundException(`alert ${id} not found`);
    if (existing.acknowledgedAt === null) {
      // The IS NULL guard makes concurrent acks keep exactly one (the first) who/when.
      await this.alerts
        .createQueryBuilder()
        .update(AlertEntity)
        .set({
          acknowledgedAt: this.clock.now().toISOString(),
          acknowledgedBy: user.id,
          acknowledgedByUsername: user.username,
        })
        .where('id = :id AND acknowledged_at IS NULL', { id })
        .execute();
    }
    return toAlert(await this.alerts.findOneByOrFail({ id }));
  }

  private visibleTo(user: AlertViewer): SelectQueryBuilder<AlertEntity> {
    return this.alerts
      .createQueryBuilder('alert')
      .where('(alert.user_id = :userId OR (alert.user_id IS NULL AND (alert.role IS NULL OR alert.role = :role)))', {
        userId: user.id,
        role: user.role,
      });
  }
}
