import { AlertsHistory } from '@/features/alerts/components/alerts-history';
import { useCameras } from '@/features/cameras/api/get-cameras';

export function AlertsRoute() {
  const cameras = useCameras();
  return <AlertsHistory cameras={cameras.data ?? []} />;
}
