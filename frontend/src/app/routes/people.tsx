import { PeopleAdmin } from '@/features/people/components/people-admin';

export function PeopleRoute() {
  return <PeopleAdmin />;
}
