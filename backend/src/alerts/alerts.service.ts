import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import {
  type Alert,
  type AlertHistoryPage,
  type AlertStatusFilter,
  type AlertUpdate,
  type Severity,
} from '@argus/shared';
import { EventBus } from '../bus/event-bus';
import type { AuthUser } from '../common/auth-user';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { CameraEventEntity } from '../events/camera-event.entity';
import { AlertViewer } from './alert-audience';
import { alertMessage } from './alert-message';
import { AlertRaiser, RaisedAlert } from './alert-raiser';
import { AlertRuleEntity } from './alert-rule.entity';
import { AlertEntity } from './alert.entity';
import { isSnoozed, ruleAdmits, takeTurn } from './rule-judgement';

/** What `GET /api/alerts` asks for (contract §2, §9). */
export interface AlertFilter {
  status: AlertStatusFilter;
  limit: number;
  /** Ids strictly below, highest first: the answer is then a page with next_before. */
  before?: number;
  /** On created_at: from inclusive, to exclusive (canonical ISO UTC). */
  from?: string;
  to?: string;
  severities?: readonly Severity[];
  cameraIds?: readonly number[];
}

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
  private readonly logger = new Logger(AlertsService.name);
  constructor(
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /**
   * One alert per rule matching the event's type and camera, stored in the ingest transaction,
   * unless the rule holds it back: below its `min_confidence`, outside its schedule, inside its
   * cooldown for this camera, or the camera is snoozed (contract §10).
   */
  async raiseForEvent(manager: EntityManager, event: CameraEventEntity): Promise<RaisedAlert[]> {
    const matching = await manager.getRepository(AlertRuleEntity).find({
      where: [
        { eventType: event.eventType, cameraId: IsNull() },
        { eventType: event.eventType, cameraId: event.cameraId },
      ],
      order: { id: 'ASC' },
    });
    const rules = matching.filter((rule) => ruleAdmits(rule, event, this.config.timeZone));
    if (rules.length === 0) return [];
    const now = this.clock.now();
    if (await isSnoozed(manager, event.cameraId, now)) return [];
    const message = alertMessage(event);
    const createdAt = now.toISOString();
    const repository = manager.getRepository(AlertEntity);
    const raised: RaisedAlert[] = [];
    // One insert per rule keeps alert ids in rule order, which the socket's replay relies on.
    for (const rule of rules) {
      if (!(await takeTurn(manager, rule, event.cameraId, now))) continue;
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

  /** The caller's alerts matching `filter`, newest first. */
  async list(user: AlertViewer, filter: AlertFilter): Promise<Alert[]> {
    return (await this.matching(user, filter, filter.limit)).map(toAlert);
  }

  /** One page of the caller's alerts below `before`, newest first. */
  async page(user: AlertViewer, filter: AlertFilter & { before: number }): Promise<AlertHistoryPage> {
    const rows = await this.matching(user, filter, filter.limit + 1);
    const items = rows.slice(0, filter.limit).map(toAlert);
    return { items, next_before: rows.length > filter.limit ? items[items.length - 1].id : null };
  }

  // Walks alerts backwards by id (the primary key, or (camera_id, id) / (severity, id)) and stops at `limit`.
  private matching(user: AlertViewer, filter: AlertFilter, limit: number): Promise<AlertEntity[]> {
    const query = this.visibleTo(user).orderBy('alert.id', 'DESC').limit(limit);
    if (filter.status === 'open') query.andWhere('alert.acknowledged_at IS NULL');
    if (filter.before !== undefined) query.andWhere('alert.id < :before', { before: filter.before });
    if (filter.from !== undefined) query.andWhere('alert.created_at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('alert.created_at < :to', { to: filter.to });
    if (filter.severities !== undefined) {
      query.andWhere('alert.severity IN (:...severities)', { severities: filter.severities });
    }
    if (filter.cameraIds !== undefined) {
      query.andWhere('alert.camera_id IN (:...cameraIds)', { cameraIds: filter.cameraIds });
    }
    return query.getMany();
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
   * The ack that records it publishes `alert_updated` to the audience on every instance.
   */
  async acknowledge(id: number, user: Pick<AuthUser, 'id' | 'username' | 'role'>): Promise<Alert> {
    const existing = await this.visibleTo(user).andWhere('alert.id = :id', { id }).getOne();
    if (!existing) throw new NotFoundException(`alert ${id} not found`);
    if (existing.acknowledgedAt === null) {
      // The IS NULL guard makes concurrent acks keep exactly one (the first) who/when.
      const acknowledgedAt = this.clock.now().toISOString();
      const result = await this.alerts
        .createQueryBuilder()
        .update(AlertEntity)
        .set({ acknowledgedAt, acknowledgedBy: user.id, acknowledgedByUsername: user.username })
        .where('id = :id AND acknowledged_at IS NULL', { id })
        .execute();
      if (result.affected === 1) {
        await this.publishUpdate(existing, {
          id,
          acknowledged_at: acknowledgedAt,
          acknowledged_by: { id: user.id, username: user.username },
        });
      }
    }
    return toAlert(await this.alerts.findOneByOrFail({ id }));
  }

  private async publishUpdate(alert: AlertEntity, update: AlertUpdate): Promise<void> {
    try {
      await this.bus.publish({ kind: 'alert_updated', update, audience: { user_id: alert.userId, role: alert.role } });
    } catch (error) {
      // The ack is stored: REST and polling show it; only the live push to other dashboards failed.
      this.logger.error(`publishing alert_updated failed`, error instanceof Error ? error.stack : String(error));
    }
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
