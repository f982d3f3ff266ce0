import {
  SEVERITIES,
  type CreateChannelRequest,
  type NotificationChannel,
  type Severity,
  type UpdateChannelRequest,
} from '@argus/shared';
import { useId, useState, type FormEvent } from 'react';
import { TextField } from '@/components/text-field';
import { SEVERITY_LABELS } from '@/lib/format';

export type EditableKind = 'ntfy' | 'webhook' | 'mqtt';
export const EDITABLE_KINDS: readonly EditableKind[] = ['ntfy', 'webhook', 'mqtt'];
export const KIND_LABELS: Record<NotificationChannel['kind'], string> = {
  webpush: 'Push (browser)',
  ntfy: 'ntfy',
  webhook: 'Webhook',
  mqtt: 'MQTT',
};

interface Fields {
  kind: EditableKind;
  minSeverity: Severity;
  url: string;
  topic: string;
  /** ntfy token or webhook secret; empty on edit keeps the stored one. */
  secret: string;
}

function initial(channel?: NotificationChannel): Fields {
  const base = { minSeverity: channel?.min_severity ?? 'warning', url: '', topic: '', secret: '' };
  switch (channel?.kind) {
    case 'ntfy':
      return { ...base, kind: 'ntfy', url: channel.config.url, topic: channel.config.topic };
    case 'webhook':
      return { ...base, kind: 'webhook', url: channel.config.url };
    case 'mqtt':
      return { ...base, kind: 'mqtt', topic: channel.config.topic };
    case 'webpush':
    case undefined:
      return { ...base, kind: 'ntfy', url: 'https://ntfy.sh' };
  }
}

function createRequest(fields: Fields): CreateChannelRequest {
  const min_severity = fields.minSeverity;
  switch (fields.kind) {
    case 'ntfy':
      return {
        kind: 'ntfy',
        min_severity,
        config: { url: fields.url, topic: fields.topic, ...(fields.secret ? { token: fields.secret } : {}) },
      };
    case 'webhook':
      return { kind: 'webhook', min_severity, config: { url: fields.url, secret: fields.secret } };
    case 'mqtt':
      return { kind: 'mqtt', min_severity, config: { topic: fields.topic } };
  }
}

function updateRequest(fields: Fields): UpdateChannelRequest {
  const secret = fields.secret ? fields.secret : undefined;
  switch (fields.kind) {
    case 'ntfy':
      return { min_severity: fields.minSeverity, config: { url: fields.url, topic: fields.topic, token: secret } };
    case 'webhook':
      return { min_severity: fields.minSeverity, config: { url: fields.url, secret } };
    case 'mqtt':
      return { min_severity: fields.minSeverity, config: { topic: fields.topic } };
  }
}

interface ChannelFormProps {
  /** Editing this channel; undefined adds a new one. */
  channel?: NotificationChannel;
  busy: boolean;
  submitLabel: string;
  onCreate?(request: CreateChannelRequest): void;
  onUpdate?(request: UpdateChannelRequest): void;
}

/** The fields of an ntfy, webhook or MQTT channel (push channels come from "This device"). */
export function ChannelForm({ channel, busy, submitLabel, onCreate, onUpdate }: ChannelFormProps) {
  const [fields, setFields] = useState<Fields>(() => initial(channel));
  const set = (change: Partial<Fields>) => setFields((current) => ({ ...current, ...change }));
  const ids = { kind: useId(), severity: useId() };
  const editing = channel !== undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing) onUpdate?.(updateRequest(fields));
    else onCreate?.(createRequest(fields));
  };

  return (
    <form className="form" onSubmit={submit} data-testid="channel-form">
      <div className="form__row">
        <div className="field">
          <label htmlFor={ids.kind}>Kind</label>
          <select
            id={ids.kind}
            value={fields.kind}
            disabled={editing}
            onChange={(e) =>
              // Another kind starts empty: an ntfy token must never become a webhook secret.
              set({
                kind: e.target.value as EditableKind,
                url: e.target.value === 'ntfy' ? 'https://ntfy.sh' : '',
                topic: '',
                secret: '',
              })
            }
          >
            {EDITABLE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.severity}>Send alerts from</label>
          <select
            id={ids.severity}
            value={fields.minSeverity}
            onChange={(e) => set({ minSeverity: e.target.value as Severity })}
          >
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {SEVERITY_LABELS[severity]}
              </option>
            ))}
          </select>
        </div>
        {fields.kind !== 'mqtt' && (
          <TextField
            label={fields.kind === 'ntfy' ? 'Server URL' : 'URL'}
            value={fields.url}
            onChange={(url) => set({ url })}
            required
          />
        )}
        {fields.kind !== 'webhook' && (
          <TextField label="Topic" value={fields.topic} onChange={(topic) => set({ topic })} required />
        )}
        {fields.kind !== 'mqtt' && (
          <TextField
            label={fields.kind === 'ntfy' ? 'Access token (optional)' : 'Signing secret'}
            type="password"
            autoComplete="off"
            value={fields.secret}
            onChange={(secret) => set({ secret })}
            required={fields.kind === 'webhook' && !editing}
            hint={
              editing
                ? 'Leave empty to keep the current one.'
                : fields.kind === 'webhook'
                  ? 'At least 16 characters.'
                  : undefined
            }
          />
        )}
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
