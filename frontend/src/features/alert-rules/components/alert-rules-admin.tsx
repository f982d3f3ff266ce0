import type { AlertRule } from '@argus/shared';
import { useState } from 'react';
import { ConfirmDialog, Dialog } from '@/components/dialog';
import { ActionsCell, AdminTable, ListPanel } from '@/components/admin-panels';
import { MutationError } from '@/components/mutation-error';
import { EVENT_TYPE_LABELS, SEVERITY_LABELS } from '@/lib/format';
import { useCreateAlertRule } from '../api/create-alert-rule';
import { useDeleteAlertRule } from '../api/delete-alert-rule';
import { useAlertRules } from '../api/get-alert-rules';
import { useUpdateAlertRule } from '../api/update-alert-rule';
import { RuleForm, type NamedOption } from './rule-form';
import { describeJudgement } from './rule-summary';

interface AlertRulesAdminProps {
  /** Passed in by the page so this feature does not import the cameras and users features. */
  cameras: readonly NamedOption[];
  users: readonly NamedOption[];
}

function describeAudience(rule: AlertRule, users: readonly NamedOption[]): string {
  if (rule.user_id !== null) return `User ${users.find((u) => u.id === rule.user_id)?.name ?? `#${rule.user_id}`}`;
  if (rule.role !== null) return `Every ${rule.role}`;
  return 'Everyone';
}

function CreateRulePanel({ cameras, users }: AlertRulesAdminProps) {
  const create = useCreateAlertRule();
  // A new form (fresh defaults) after each rule added.
  const [formKey, setFormKey] = useState(0);
  return (
    <section className="panel" aria-labelledby="add-rule-heading">
      <h2 id="add-rule-heading" className="panel__title">
        Add alert rule
      </h2>
      <RuleForm
        key={formKey}
        cameras={cameras}
        users={users}
        busy={create.isPending}
        onSubmit={(request) => create.mutate(request, { onSuccess: () => setFormKey((key) => key + 1) })}
        actions={null}
        error={<MutationError error={create.error} />}
      />
    </section>
  );
}

function EditRuleDialog({
  rule,
  cameras,
  users,
  onClose,
}: AlertRulesAdminProps & { rule: AlertRule; onClose(): void }) {
  const update = useUpdateAlertRule();
  return (
    <Dialog title={`Edit rule: ${EVENT_TYPE_LABELS[rule.event_type]}`} onClose={onClose} testId="edit-rule-dialog">
      <RuleForm
        rule={rule}
        cameras={cameras}
        users={users}
        busy={update.isPending}
        onSubmit={(request) => update.mutate({ id: rule.id, ...request }, { onSuccess: onClose })}
        actions={
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        }
        error={<MutationError error={update.error} />}
      />
    </Dialog>
  );
}

export function AlertRulesAdmin({ cameras, users }: AlertRulesAdminProps) {
  const rules = useAlertRules();
  const remove = useDeleteAlertRule();
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const cameraName = (id: number | null) =>
    id === null ? 'Any camera' : (cameras.find((c) => c.id === id)?.name ?? `Camera #${id}`);

  return (
    <div className="page">
      <h1>Alert rules</h1>
      <p className="muted">
        Rules turn events into alerts for the people who need to know. Events are always stored; a rule only decides
        whether one raises an alert.
      </p>
      <CreateRulePanel cameras={cameras} users={users} />
      <ListPanel id="rules-heading" title="Rules" loading={rules.isPending} errors={[rules.error, remove.error]}>
        <AdminTable columns={['Event', 'Camera', 'Severity', 'Who is alerted', 'When']}>
          {(rules.data ?? []).map((rule) => (
            <tr key={rule.id} data-testid="alert-rule-row" data-rule-id={rule.id}>
              <th scope="row">{EVENT_TYPE_LABELS[rule.event_type]}</th>
              <td>{cameraName(rule.camera_id)}</td>
              <td>
                <span className={`severity severity--${rule.severity}`}>{SEVERITY_LABELS[rule.severity]}</span>
              </td>
              <td>{describeAudience(rule, users)}</td>
              <td data-testid="rule-judgement">{describeJudgement(rule)}</td>
              <ActionsCell>
                <button type="button" className="button button--small" onClick={() => setEditing(rule)}>
                  Edit<span className="visually-hidden"> rule {rule.id}</span>
                </button>
                <button type="button" className="button button--small button--danger" onClick={() => setDeleting(rule)}>
                  Delete<span className="visually-hidden"> rule {rule.id}</span>
                </button>
              </ActionsCell>
            </tr>
          ))}
        </AdminTable>
      </ListPanel>
      {editing !== null && (
        <EditRuleDialog rule={editing} cameras={cameras} users={users} onClose={() => setEditing(null)} />
      )}
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
