import {
  EVENT_TYPES,
  ROLES,
  SEVERITIES,
  type AlertRule,
  type CreateAlertRuleRequest,
  type EventType,
  type Role,
  type Severity,
} from '@argus/shared';
import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { ActionsCell, AdminTable, ListPanel } from '@/components/admin-panels';
import { MutationError } from '@/components/mutation-error';
import { EVENT_TYPE_LABELS, SEVERITY_LABELS } from '@/lib/format';
import { useCreateAlertRule } from '../api/create-alert-rule';
import { useDeleteAlertRule } from '../api/delete-alert-rule';
import { useAlertRules } from '../api/get-alert-rules';

export interface NamedOption {
  id: number;
  name: string;
}

interface AlertRulesAdminProps {
  /** Passed in by the page so this feature does not import the cameras and users features. */
  cameras: readonly NamedOption[];
  users: readonly NamedOption[];
}

/** Audience select value: 'all' | 'role:admin' | 'user:12'. */
function audienceOf(value: string): Pick<CreateAlertRuleRequest, 'role' | 'user_id'> {
  if (value.startsWith('role:')) return { role: value.slice(5) as Role, user_id: null };
  if (value.startsWith('user:')) return { user_id: Number(value.slice(5)), role: null };
  return { role: null, user_id: null };
}

function describeAudience(rule: AlertRule, users: readonly NamedOption[]): string {
  if (rule.user_id !== null) return `User ${users.find((u) => u.id === rule.user_id)?.name ?? `#${rule.user_id}`}`;
  if (rule.role !== null) return `Every ${rule.role}`;
  return 'Everyone';
}

function CreateRuleForm({ cameras, users }: AlertRulesAdminProps) {
  const create = useCreateAlertRule();
  const [eventType, setEventType] = useState<EventType>('face_unknown');
  const [cameraId, setCameraId] = useState('any');
  const [severity, setSeverity] = useState<Severity>('warning');
  const [audience, setAudience] = useState('all');
  const ids = { event: useId(), camera: useId(), severity: useId(), audience: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      event_type: eventType,
      camera_id: cameraId === 'any' ? null : Number(cameraId),
      severity,
      ...audienceOf(audience),
    });
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="add-rule-heading">
      <h2 id="add-rule-heading" className="panel__title">
        Add alert rule
      </h2>
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
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          Add rule
        </button>
      </div>
      <MutationError error={create.error} />
    </form>
  );
}

export function AlertRulesAdmin({ cameras, users }: AlertRulesAdminProps) {
  const rules = useAlertRules();
  const remove = useDeleteAlertRule();
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const cameraName = (id: number | null) =>
    id === null ? 'Any camera' : (cameras.find((c) => c.id === id)?.name ?? `Camera #${id}`);

  return (
    <div className="page">
      <h1>Alert rules</h1>
      <p className="muted">Rules turn events into alerts for the people who need to know.</p>
      <CreateRuleForm cameras={cameras} users={users} />
      <ListPanel id="rules-heading" title="Rules" loading={rules.isPending} errors={[rules.error, remove.error]}>
        <AdminTable columns={['Event', 'Camera', 'Severity', 'Who is alerted']}>
          {(rules.data ?? []).map((rule) => (
            <tr key={rule.id} data-testid="alert-rule-row" data-rule-id={rule.id}>
              <th scope="row">{EVENT_TYPE_LABELS[rule.event_type]}</th>
              <td>{cameraName(rule.camera_id)}</td>
              <td>
                <span className={`severity severity--${rule.severity}`}>{SEVERITY_LABELS[rule.severity]}</span>
              </td>
              <td>{describeAudience(rule, users)}</td>
              <ActionsCell>
                <button type="button" className="button button--small button--danger" onClick={() => setDeleting(rule)}>
                  Delete<span className="visually-hidden"> rule {rule.id}</span>
                </button>
              </ActionsCell>
            </tr>
          ))}
        </AdminTable>
      </ListPanel>
      {deleting !== null && (
        <ConfirmDialog
          title="Delete alert rule?"
          message={`${EVENT_TYPE_LABELS[deleting.event_type]} on ${cameraName(deleting.camera_id)} will no longer raise alerts.`}
          confirmLabel="Delete"
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
        />
      )}
    </div>
  );
}
