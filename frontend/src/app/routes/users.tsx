import { UsersAdmin } from '@/features/users/components/users-admin';
import { useSession } from '@/hooks/use-session';

export function UsersRoute() {
  const session = useSession();
  return <UsersAdmin currentUserId={session?.user.id ?? 0} />;
}
