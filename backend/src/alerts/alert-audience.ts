import type { Role } from '@argus/shared';
import type { AlertAudience } from '../bus/event-bus';

/** The part of a user that decides which alerts they see. */
export interface AlertViewer {
  id: number;
  role: Role;
}

/**
 * Whether `user` is in an alert's audience: the named user, every holder of the
 * named role, or (both null) everyone. The one rule shared by REST and the socket.
 */
export function audienceIncludes(audience: AlertAudience, user: AlertViewer): boolean {
  if (audience.user_id !== null) return audience.user_id === user.id;
  if (audience.role !== null) return audience.role === user.role;
  return true;
}
