import type { NotificationChannel } from '@argus/shared';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ChannelForm } from './channel-form';
import { channelTarget } from './channels-panel';

const webhook: NotificationChannel = {
  id: 4,
  kind: 'webhook',
  min_severity: 'warning',
  enabled: true,
  config: { url: 'http://hooks.lan/argus', has_secret: true },
  created_at: '2026-11-23T08:00:00.000Z',
};

describe('ChannelForm', () => {
  it('adds an ntfy channel with its token, and a webhook with its secret', async () => {
    const onCreate = vi.fn();
    render(<ChannelForm busy={false} submitLabel="Add channel" onCreate={onCreate} />);
    await userEvent.type(screen.getByLabelText('Topic'), 'door');
    await userEvent.type(screen.getByLabelText('Access token (optional)'), 'tk_1');
    await userEvent.click(screen.getByRole('button', { name: 'Add channel' }));
    expect(onCreate).toHaveBeenLastCalledWith({
      kind: 'ntfy',
      min_severity: 'warning',
      config: { url: 'https://ntfy.sh', topic: 'door', token: 'tk_1' },
    });

    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'webhook');
    await userEvent.type(screen.getByLabelText('URL'), 'http://127.0.0.1:9000/hook');
    await userEvent.type(screen.getByLabelText(/Signing secret/), 'a-secret-of-16-chars');
    await userEvent.selectOptions(screen.getByLabelText('Send alerts from'), 'critical');
    await userEvent.click(screen.getByRole('button', { name: 'Add channel' }));
    expect(onCreate).toHaveBeenLastCalledWith({
      kind: 'webhook',
      min_severity: 'critical',
      config: { url: 'http://127.0.0.1:9000/hook', secret: 'a-secret-of-16-chars' },
    });
  });

  it('edits without resending the secret when its field is left empty', async () => {
    const onUpdate = vi.fn();
    render(<ChannelForm channel={webhook} busy={false} submitLabel="Save" onUpdate={onUpdate} />);
    expect(screen.getByLabelText('Kind')).toBeDisabled();
    expect(screen.getByLabelText('URL')).toHaveValue('http://hooks.lan/argus');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onUpdate).toHaveBeenLastCalledWith({
      min_severity: 'warning',
      config: { url: 'http://hooks.lan/argus', secret: undefined },
    });
  });
});

describe('channelTarget', () => {
  it('names where a channel sends, a push channel by its service host only', () => {
    expect(channelTarget(webhook)).toBe('http://hooks.lan/argus');
    expect(
      channelTarget({ ...webhook, kind: 'webpush', config: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc' } }),
    ).toBe('fcm.googleapis.com');
    expect(
      channelTarget({ ...webhook, kind: 'ntfy', config: { url: 'https://ntfy.sh', topic: 't', has_token: false } }),
    ).toBe('https://ntfy.sh/t');
  });
});
