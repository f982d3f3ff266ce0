import { useChannels } from '../api/get-channels';
import { ChannelsPanel } from './channels-panel';
import { DeliveriesPanel, type AlertOption } from './deliveries-panel';
import { PushDevicePanel } from './push-device-panel';
import { QuietHoursPanel } from './quiet-hours-panel';

/** The Notifications page: push on this device, other channels, quiet hours, the delivery log. */
export function NotificationsSettings({ alerts }: { alerts: readonly AlertOption[] }) {
  const channels = useChannels();
  const list = channels.data ?? [];
  return (
    <div className="page">
      <h1>Notifications</h1>
      <p className="muted">Where your alerts reach you when the dashboard is not open.</p>
      <PushDevicePanel channels={list} />
      <ChannelsPanel channels={list} loading={channels.isPending} error={channels.error} />
      <QuietHoursPanel />
      <DeliveriesPanel alerts={alerts} channels={list} />
    </div>
  );
}
