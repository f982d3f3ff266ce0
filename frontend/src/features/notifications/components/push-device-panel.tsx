import type { NotificationChannel } from '@argus/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { MutationError } from '@/components/mutation-error';
import { useCreateChannel } from '../api/create-channel';
import { useDeleteChannel } from '../api/delete-channel';
import { webPushKeyQueryOptions } from '../api/get-webpush-key';
import { currentSubscription, pushUnsupportedReason, subscribe, unsubscribe } from '../push-device';

/** "Push on this device": subscribes this browser and registers it as a webpush channel. */
export function PushDevicePanel({ channels }: { channels: readonly NotificationChannel[] }) {
  const queryClient = useQueryClient();
  const create = useCreateChannel();
  const remove = useDeleteChannel();
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const unsupported = pushUnsupportedReason();

  useEffect(() => {
    let active = true;
    currentSubscription().then(
      (subscription) => active && setEndpoint(subscription?.endpoint ?? null),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);

  const mine = channels.find((channel) => channel.kind === 'webpush' && channel.config.endpoint === endpoint);

  const enable = async () => {
    setBusy(true);
    setError(null);
    try {
      const key = await queryClient.fetchQuery(webPushKeyQueryOptions());
      const config = await subscribe(key.public_key);
      await create.mutateAsync({ kind: 'webpush', min_severity: 'warning', config });
      setEndpoint(config.endpoint);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const disable = async () => {
    setBusy(true);
    setError(null);
    try {
      if (mine !== undefined) await remove.mutateAsync(mine.id);
      await unsubscribe();
      setEndpoint(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="push-device-heading" data-testid="push-device">
      <h2 id="push-device-heading" className="panel__title">
        This device
      </h2>
      {unsupported !== null ? (
        <p className="muted">{unsupported}</p>
      ) : (
        <>
          <p className="muted">
            {mine !== undefined
              ? 'Alerts arrive on this device as notifications, with the picture and an Acknowledge button.'
              : 'Get alerts on this device as notifications, even when the dashboard is closed.'}
          </p>
          <div>
            {mine !== undefined ? (
              <button type="button" className="button" disabled={busy} onClick={() => void disable()}>
                Turn off on this device
              </button>
            ) : (
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void enable()}>
                {busy ? 'Enabling…' : 'Enable push on this device'}
              </button>
            )}
          </div>
        </>
      )}
      <MutationError error={error} />
    </section>
  );
}
