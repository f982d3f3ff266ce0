import type { EntityManager } from 'typeorm';
import type { AlertRuleSchedule } from '@argus/shared';
import { CameraEntity } from '../cameras/camera.entity';
import type { CameraEventEntity } from '../events/camera-event.entity';
import { AlertRuleCooldownEntity } from './alert-rule-cooldown.entity';
import type { AlertRuleEntity } from './alert-rule.entity';
import { isArmed } from './rule-schedule';

// The judgement a rule applies before it raises an alert (contract §10). The event is stored
// whatever is decided here; only its alerts are held back.

/** The rule's schedule from its three columns (all set, or none: always armed). */
export function scheduleOf(rule: AlertRuleEntity): AlertRuleSchedule | null {
  if (rule.scheduleDays === null || rule.scheduleStart === null || rule.scheduleEnd === null) return null;
  return {
    days: rule.scheduleDays === '' ? [] : rule.scheduleDays.split(',').map(Number),
    start: rule.scheduleStart,
    end: rule.scheduleEnd,
  };
}

/**
 * Whether the event is sure enough for the rule and happened while it was armed. An event
 * without a confidence does not pass a `min_confidence`. The schedule is read at the event's
 * `occurred_at` (when it happened, even if it arrives late), in `timeZone`.
 */
export function ruleAdmits(rule: AlertRuleEntity, event: CameraEventEntity, timeZone: string): boolean {
  if (rule.minConfidence !== null && (event.confidence === null || event.confidence < rule.minConfidence)) {
    return false;
  }
  return isArmed(scheduleOf(rule), new Date(event.occurredAt), timeZone);
}

/** Whether the camera is snoozed at `now`: none of its events raise alerts. */
export async function isSnoozed(manager: EntityManager, cameraId: number, now: Date): Promise<boolean> {
  const camera = await manager.findOne(CameraEntity, {
    where: { id: cameraId },
    select: { id: true, snoozedUntil: true },
  });
  const until = camera?.snoozedUntil ?? null;
  return until !== null && until > now.toISOString();
}

/**
 * Takes the rule's turn to alert for the camera at `now`: true (and the time recorded) unless
 * the rule's last alert for that camera is less than `cooldown_seconds` ago. A refused turn
 * records nothing, so events inside the cooldown do not extend it. The row is claimed with a
 * conditional UPDATE, so two instances can never both take the same turn. Recorded for every
 * rule (also without a cooldown), so a cooldown set later counts from the real last alert.
 */
export async function takeTurn(
  manager: EntityManager,
  rule: AlertRuleEntity,
  cameraId: number,
  now: Date,
): Promise<boolean> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(AlertRuleCooldownEntity)
    .values({ ruleId: rule.id, cameraId, lastAlertAt: '' })
    .orIgnore()
    .execute();
  const update = manager
    .createQueryBuilder()
    .update(AlertRuleCooldownEntity)
    .set({ lastAlertAt: now.toISOString() })
    .where('rule_id = :ruleId AND camera_id = :cameraId', { ruleId: rule.id, cameraId });
  if (rule.cooldownSeconds > 0) {
    // ISO strings of one width sort as times; '' (never) sorts first.
    const cutoff = new Date(now.getTime() - rule.cooldownSeconds * 1000).toISOString();
    update.andWhere('last_alert_at <= :cutoff', { cutoff });
  }
  const result = await update.execute();
  return result.affected === 1;
}
