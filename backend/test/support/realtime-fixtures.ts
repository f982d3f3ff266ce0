import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { Role, User } from '@argus/shared';
import { http, login, type TestApp } from './test-app';

export const PASSWORD = 'socket-password-1';

/** Creates a user through the API and answers it with a fresh token. */
export async function createUser(
  t: TestApp,
  adminToken: string,
  username: string,
  role: Role = 'viewer',
): Promise<{ user: User; token: string }> {
  const res = await http<User>(t, 'POST', '/api/users', {
    token: adminToken,
    body: { username, password: PASSWORD, role },
  });
  if (res.status !== 201) throw new Error(`creating ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { user: res.body, token: await login(t, username, PASSWORD) };
}

export interface SignOptions {
  expiresInSeconds?: number;
  secret?: string;
  exp?: number;
  algorithm?: 'HS256' | 'HS512';
  /** Claims to replace or add, e.g. { sub: 1e12 }. */
  claims?: Record<string, unknown>;
}

/** Signs a token like the server does, with any lifetime (the config minimum is 10 s) or claims. */
export function signToken(
  t: TestApp,
  user: { id: number; username: string; role: Role },
  options: SignOptions = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  return new JwtService().sign(
    {
      sub: user.id,
      username: user.username,
      role: user.role,
      iat: now,
      exp: options.exp ?? now + (options.expiresInSeconds ?? 60),
      jti: randomUUID(),
      ...options.claims,
    },
    { secret: options.secret ?? t.config.jwtSecret, algorithm: options.algorithm ?? 'HS256' },
  );
}

/** An unsigned token (`alg: none`) with the user's claims: must never be accepted. */
export function unsignedToken(user: { id: number; username: string; role: Role }): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: user.id, username: user.username, role: user.role, iat: now, exp: now + 60, jti: randomUUID() };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
