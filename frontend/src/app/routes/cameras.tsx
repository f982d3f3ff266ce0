import { CamerasAdmin } from '@/features/cameras/components/cameras-admin';

export function CamerasRoute() {
  return <CamerasAdmin />;
}
