import { AlertRuleCooldownEntity } from '../alerts/alert-rule-cooldown.entity';
import { AlertRuleEntity } from '../alerts/alert-rule.entity';
import { AlertEntity } from '../alerts/alert.entity';
import { CameraEntity } from '../cameras/camera.entity';
import { CameraEventEntity } from '../events/camera-event.entity';
import { PersonEntity } from '../people/person.entity';
import { DailyCounterEntity } from '../statistics/daily-counter.entity';
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [
  UserEntity,
  CameraEntity,
  PersonEntity,
  CameraEventEntity,
  AlertRuleEntity,
  AlertRuleCooldownEntity,
  AlertEntity,
  DailyCounterEntity,
];
