import {
  COOLDOWN_MAX_SECONDS,
  EVENT_TYPES,
  ROLES,
  SEVERITIES,
  type AlertRule,
  type CreateAlertRuleRequest,
  type EventType,
  type Role,
  type Severity,
} from '@argus/shared';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { EVENT_TYPE_LABELS, SEVERITY_LABELS } from '@/lib/format';
import { ScheduleEditor, type ScheduleDraft } from './schedule-editor';
import styles from './rule-form.module.css';

export interface NamedOption {
  id: number;
  name: string;
}

/** Audience select value: 'all' | 'role:admin' | 'user:12'. */
function audienceOf(value: string): Pick<CreateAlertRuleRequest, 'role' | 'user_id'> {
  if (value.startsWith('role:')) return { role: value.slice(5) as Role, user_id: null };
  if (value.startsWith('user:')) return { user_id: Number(value.slice(5)), role: null };
  return { role: null, user_id: null };
}

function audienceValue(rule: Pick<AlertRule, 'role' | 'user_id'>): string {
  if (rule.user_id !== null) return `user:${rule.user_id}`;
  if (rule.role !== null) return `role:${rule.role}`;
  return 'all';
}

interface RuleFormProps {
  /** The rule being edited; none: a new rule with the defaults. */
  rule?: AlertRule;
  cameras: readonly NamedOption[];
  users: readonly NamedOption[];
  busy: boolean;
  onSubmit(request: CreateAlertRuleRequest): void;
  /** Buttons (submit and, in a dialog, cancel). */
  actions: ReactNode;
  error: ReactNode;
}

/** Every field of a rule, for creating one or editing one; submits the whole rule. */
export function RuleForm({ rule, cameras, users, busy, onSubmit, actions, error }: RuleFormProps) {
  const [eventType, setEventType] = useState<EventType>(rule?.event_type ?? 'face_unknown');
  const [cameraId, setCameraId] = useState(
    rule?.camera_id === undefined || rule.camera_id === null ? 'any' : String(rule.camera_id),
  );
  const [severity, setSeverity] = useState<Severity>(rule?.severity ?? 'warning');
  const [audience, setAudience] = useState(rule === undefined ? 'all' : audienceValue(rule));
  const [confidence, setConfidence] = useState(
    rule?.min_confidence === undefined || rule.min_confidence === null
      ? ''
      : String(Math.round(rule.min_confidence * 100)),
  );
  const [cooldown, setCooldown] = useState(String(rule?.cooldown_seconds ?? 0));
  const [schedule, setSchedule] = useState<ScheduleDraft>(
    rule?.schedule === undefined || rule.schedule === null
      ? { enabled: false, days: [1, 2, 3, 4, 5], start: '22:00', end: '06:00' }
      : { enabled: true, ...rule.schedule },
  );
  const ids = {
    event: useId(),
    camera: useId(),
    severity: useId(),
    audience: useId(),
    confidence: useId(),
    cooldown: useId(),
    confidenceHint: useId(),
    cooldownHint: useId(),
  };
  const noDays = schedule.enabled && schedule.days.length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (noDays) return;
    onSubmit({
      event_type: eventType,
      camera_id: cameraId === 'any' ? null : Number(cameraId),
      severity,
      ...audienceOf(audience),
      min_confidence: confidence.trim() === '' ? null : Number(confidence) / 100,
      cooldown_seconds: Number(cooldown),
      schedule: schedule.enabled
        ? { days: [...schedule.days].sort((a, b) => a - b), start: schedule.start, end: schedule.end }
        : null,
    });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="rule-form">
      <div className="form__row">
        <div className="field">
          <label htmlFor={ids.event}>Event type</label>
          <select id={ids.event} value={eventType} onChange={(e) => setEventType(e.target.value as EventType)}>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {EVENT_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.camera}>Camera</label>
          <select id={ids.camera} value={cameraId} onChange={(e) => setCameraId(e.target.value)}>
            <option value="any">Any camera</option>
            {cameras.map((camera) => (
              <option key={camera.id} value={String(camera.id)}>
                {camera.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.severity}>Severity</label>
          <select id={ids.severity} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.audience}>Who is alerted</label>
          <select id={ids.audience} value={audience} onChange={(e) => setAudience(e.target.value)}>
            <option value="all">Everyone</option>
            <optgroup label="Role">
              {ROLES.map((role) => (
                <option key={role} value={`role:${role}`}>
                  Every {role}
                </option>
              ))}
            </optgroup>
            {users.length > 0 && (
              <optgroup label="User">
                {users.map((user) => (
                  <option key={user.id} value={`user:${user.id}`}>
                    {user.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
      </div>
      <div className="form__row">
        <div className="field">
          <label htmlFor={ids.confidence}>Minimum confidence (%)</label>
          <input
            id={ids.confidence}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            placeholder="Any"
            value={confidence}
            aria-describedby={ids.confidenceHint}
            onChange={(e) => setConfidence(e.target.value)}
          />
          <span id={ids.confidenceHint} className="muted">
            Empty: any. Events without a confidence do not pass a minimum.
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.cooldown}>Cooldown (seconds)</label>
          <input
            id={ids.cooldown}
            type="number"
            inputMode="numeric"
            required
            min={0}
            max={COOLDOWN_MAX_SECONDS}
            step={1}
            value={cooldown}
            aria-describedby={ids.cooldownHint}
            onChange={(e) => setCooldown(e.target.value)}
          />
          <span id={ids.cooldownHint} className="muted">
            After an alert, none from the same camera for this long. 0: every event.
          </span>
        </div>
      </div>
      <ScheduleEditor value={schedule} onChange={setSchedule} />
      {error}
      <div className={styles.actions}>
        {actions}
        <button type="submit" className="button button--primary" disabled={busy || noDays}>
          {rule === undefined ? 'Add rule' : 'Save rule'}
        </button>
      </div>
    </form>
  );
}
