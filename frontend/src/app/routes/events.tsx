import { useCameras } from '@/features/cameras/api/get-cameras';
import { EventsHistory } from '@/features/history/components/events-history';
import { usePeople } from '@/features/people/api/get-people';

export function EventsRoute() {
  const cameras = useCameras();
  const people = usePeople();
  return <EventsHistory cameras={cameras.data ?? []} people={people.data ?? []} />;
}
