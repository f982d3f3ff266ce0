import { useMemo } from 'react';
import { AlertRulesAdmin } from '@/features/alert-rules/components/alert-rules-admin';
import { useCameras } from '@/features/cameras/api/get-cameras';
import { useUsers } from '@/features/users/api/get-users';

export function AlertRulesRoute() {
  const cameras = useCameras();
  const users = useUsers();
  const cameraOptions = useMemo(() => (cameras.data ?? []).map(({ id, name }) => ({ id, name })), [cameras.data]);
  const userOptions = useMemo(
    () => (users.data ?? []).map(({ id, username }) => ({ id, name: username })),
    [users.data],
  );
  return <AlertRulesAdmin cameras={cameraOptions} users={userOptions} />;
}
