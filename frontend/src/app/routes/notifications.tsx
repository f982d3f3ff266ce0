import { useMemo } from 'react';
import { useAlerts } from '@/features/alerts/api/get-alerts';
import { NotificationsSettings } from '@/features/notifications/components/notifications-settings';
import { formatDateTime, SEVERITY_LABELS } from '@/lib/format';

export function NotificationsRoute() {
  const alerts = useAlerts();
  const options = useMemo(
    () =>
      (alerts.data ?? []).map((alert) => ({
        id: alert.id,
        label: `${formatDateTime(alert.created_at)} · ${SEVERITY_LABELS[alert.severity]} · ${alert.message}`,
      })),
    [alerts.data],
  );
  return <NotificationsSettings alerts={options} />;
}
