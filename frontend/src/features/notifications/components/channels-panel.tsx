import { SEVERITIES, type ChannelTestResult, type NotificationChannel, type Severity } from '@argus/shared';
import { useState } from 'react';
import { ListPanel } from '@/components/admin-panels';
import { ConfirmDialog, Dialog } from '@/components/dialog';
import { MutationError } from '@/components/mutation-error';
import { SEVERITY_LABELS } from '@/lib/format';
import { useCreateChannel } from '../api/create-channel';
import { useDeleteChannel } from '../api/delete-channel';
import { useTestChannel } from '../api/test-channel';
import { useUpdateChannel } from '../api/update-channel';
import { ChannelForm, KIND_LABELS } from './channel-form';
import styles from './notifications.module.css';

/** Where a channel sends to, without its secrets (the API never returns them). */
export function channelTarget(channel: NotificationChannel): string {
  switch (channel.kind) {
    case 'webpush':
      return new URL(channel.config.endpoint).host;
    case 'ntfy':
      return `${channel.config.url}/${channel.config.topic}`;
    case 'webhook':
      return channel.config.url;
    case 'mqtt':
      return channel.config.topic;
  }
}

function ChannelRow({ channel, onEdit, onDelete }: { channel: NotificationChannel; onEdit(): void; onDelete(): void }) {
  const update = useUpdateChannel();
  const test = useTestChannel();
  const [result, setResult] = useState<ChannelTestResult | null>(null);
  const name = `${KIND_LABELS[channel.kind]} ${channelTarget(channel)}`;
  return (
    <li className={styles.item} data-testid="channel-row" data-channel-id={channel.id} data-kind={channel.kind}>
      <div className={styles.itemMain}>
        <strong>{KIND_LABELS[channel.kind]}</strong>
        <span className={styles.target}>{channelTarget(channel)}</span>
      </div>
      <div className={styles.controls}>
        <select
          aria-label={`Alerts sent to ${name}`}
          value={channel.min_severity}
          onChange={(e) => update.mutate({ id: channel.id, min_severity: e.target.value as Severity })}
        >
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_LABELS[severity]} and up
            </option>
          ))}
        </select>
        <label className={styles.inlineCheck}>
          <input
            type="checkbox"
            checked={channel.enabled}
            onChange={(e) => update.mutate({ id: channel.id, enabled: e.target.checked })}
          />
          On
        </label>
        <button
          type="button"
          className="button button--small"
          disabled={test.isPending}
          onClick={() => test.mutate(channel.id, { onSuccess: setResult })}
        >
          {test.isPending ? 'Sending…' : 'Test'}
        </button>
        {channel.kind !== 'webpush' && (
          <button type="button" className="button button--small" onClick={onEdit}>
            Edit
          </button>
        )}
        <button type="button" className="button button--small button--danger" onClick={onDelete}>
          Remove
        </button>
      </div>
      {result !== null && (
        <p
          role="status"
          className={`${styles.result} ${result.status === 'delivered' ? 'muted' : 'form-error'}`}
          data-testid="channel-test-result"
        >
          {result.status === 'delivered' ? 'Test sent' : 'Test failed'}: {result.detail}
        </p>
      )}
      <MutationError error={update.error ?? test.error} />
    </li>
  );
}

export function ChannelsPanel({
  channels,
  loading,
  error,
}: {
  channels: readonly NotificationChannel[];
  loading: boolean;
  error: unknown;
}) {
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  const [editing, setEditing] = useState<NotificationChannel | null>(null);
  const [deleting, setDeleting] = useState<NotificationChannel | null>(null);
  const [formKey, setFormKey] = useState(0);

  return (
    <>
      <ListPanel id="channels-heading" title="Channels" loading={loading} errors={[error, remove.error]}>
        {channels.length === 0 && !loading ? (
          <p className="muted">No channels yet: enable push above, or add ntfy, a webhook or an MQTT topic below.</p>
        ) : (
          <ul className={styles.list}>
            {channels.map((channel) => (
              <ChannelRow
                key={channel.id}
                channel={channel}
                onEdit={() => setEditing(channel)}
                onDelete={() => setDeleting(channel)}
              />
            ))}
          </ul>
        )}
      </ListPanel>
      <section className="panel" aria-labelledby="add-channel-heading">
        <h2 id="add-channel-heading" className="panel__title">
          Add a channel
        </h2>
        <ChannelForm
          key={formKey}
          busy={create.isPending}
          submitLabel="Add channel"
          onCreate={(request) => create.mutate(request, { onSuccess: () => setFormKey((key) => key + 1) })}
        />
        <MutationError error={create.error} />
      </section>
      {editing !== null && (
        <Dialog title={`Edit ${KIND_LABELS[editing.kind]} channel`} onClose={() => setEditing(null)}>
          <ChannelForm
            channel={editing}
            busy={update.isPending}
            submitLabel="Save"
            onUpdate={(request) => update.mutate({ id: editing.id, ...request }, { onSuccess: () => setEditing(null) })}
          />
          <MutationError error={update.error} />
          <button type="button" className="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </Dialog>
      )}
      {deleting !== null && (
        <ConfirmDialog
          title="Remove channel?"
          message={`Alerts will no longer be sent to ${channelTarget(deleting)}.`}
          confirmLabel="Remove"
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
        />
      )}
    </>
  );
}
