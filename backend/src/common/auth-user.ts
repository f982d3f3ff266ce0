import type { Role } from '@argus/shared';

/** The authenticated caller, set on `request.user` by the global JWT guard. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  /** Expiry of the token that authenticated this request (epoch seconds). */
  tokenExp: number;
  /** The user's token version, which that token carries. */
  tokenVersion: number;
}
