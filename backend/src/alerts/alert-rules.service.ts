import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AlertRule, AlertRuleSchedule, CreateAlertRuleRequest, UpdateAlertRuleRequest } from '@argus/shared';
import { CameraEntity } from '../cameras/camera.entity';
import { Clock } from '../common/time';
import { UserEntity } from '../users/user.entity';
import { AlertRuleCooldownEntity } from './alert-rule-cooldown.entity';
import { AlertRuleEntity } from './alert-rule.entity';
import { scheduleOf } from './rule-judgement';

function setSchedule(entity: AlertRuleEntity, schedule: AlertRuleSchedule | null): void {
  entity.scheduleDays = schedule === null ? null : [...schedule.days].sort((a, b) => a - b).join(',');
  entity.scheduleStart = schedule?.start ?? null;
  entity.scheduleEnd = schedule?.end ?? null;
}

export function toAlertRule(entity: AlertRuleEntity): AlertRule {
  return {
    id: entity.id,
    event_type: entity.eventType,
    camera_id: entity.cameraId,
    severity: entity.severity,
    user_id: entity.userId,
    role: entity.role,
    min_confidence: entity.minConfidence,
    cooldown_seconds: entity.cooldownSeconds,
    schedule: scheduleOf(entity),
  };
}

/** Admin management of the rules that turn events into alerts. */
@Injectable()
export class AlertRulesService {
  constructor(
    @InjectRepository(AlertRuleEntity) private readonly rules: Repository<AlertRuleEntity>,
    @InjectRepository(CameraEntity) private readonly cameras: Repository<CameraEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<AlertRule[]> {
    return (await this.rules.find({ order: { id: 'ASC' } })).map(toAlertRule);
  }

  async create(input: CreateAlertRuleRequest): Promise<AlertRule> {
    const rule = this.rules.create({
      eventType: input.event_type,
      cameraId: input.camera_id ?? null,
      severity: input.severity,
      userId: input.user_id ?? null,
      role: input.role ?? null,
      createdAt: this.clock.now().toISOString(),
      minConfidence: input.min_confidence ?? null,
      cooldownSeconds: input.cooldown_seconds ?? 0,
    });
    setSchedule(rule, input.schedule ?? null);
    await this.check(rule);
    return toAlertRule(await this.rules.save(rule));
  }

  async update(id: number, input: UpdateAlertRuleRequest): Promise<AlertRule> {
    const rule = await this.find(id);
    if (input.event_type !== undefined) rule.eventType = input.event_type;
    if (input.severity !== undefined) rule.severity = input.severity;
    if (input.camera_id !== undefined) rule.cameraId = input.camera_id;
    if (input.user_id !== undefined) rule.userId = input.user_id;
    if (input.role !== undefined) rule.role = input.role;
    if (input.min_confidence !== undefined) rule.minConfidence = input.min_confidence;
    if (input.cooldown_seconds !== undefined) rule.cooldownSeconds = input.cooldown_seconds;
    if (input.schedule !== undefined) setSchedule(rule, input.schedule);
    await this.check(rule);
    return toAlertRule(await this.rules.save(rule));
  }

  /** The rule goes with its cooldown rows; alerts it raised stay (their rule_id dangles, as before). */
  async remove(id: number): Promise<void> {
    await this.rules.remove(await this.find(id));
    await this.rules.manager.delete(AlertRuleCooldownEntity, { ruleId: id });
  }

  private async find(id: number): Promise<AlertRuleEntity> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw new NotFoundException(`alert rule ${id} not found`);
    return rule;
  }

  /** The audience is one user, one role or everyone, never a mix; referenced rows must exist. */
  private async check(rule: AlertRuleEntity): Promise<void> {
    if (rule.userId !== null && rule.role !== null) {
      throw new BadRequestException(
        'user_id and role cannot both be set: a rule targets one user, one role or everyone',
      );
    }
    if (rule.cameraId !== null && !(await this.cameras.existsBy({ id: rule.cameraId }))) {
      throw new BadRequestException(`camera_id ${rule.cameraId} is not a camera`);
    }
    if (rule.userId !== null && !(await this.users.existsBy({ id: rule.userId }))) {
      throw new BadRequestException(`user_id ${rule.userId} is not a user`);
    }
  }
}
