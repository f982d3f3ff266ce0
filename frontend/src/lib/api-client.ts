import { httpRequest, isUnauthorized, type HttpOptions } from './http';
import { sessionStore } from './session';

export interface RequestOptions extends Omit<HttpOptions, 'token'> {
  /** Send the session's Bearer token (default true). */
  auth?: boolean;
}

/**
 * A REST call with the session's Bearer token. A 401 means the token was refused: the call is
 * retried once with a token the session renewed (shared with any other renewal under way);
 * when no token can be had, the session has ended and the 401 is thrown.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { auth = true, ...rest } = options;
  const token = auth ? (sessionStore.token() ?? undefined) : undefined;
  try {
    return await httpRequest<T>(path, { ...rest, token });
  } catch (error) {
    if (token === undefined || !isUnauthorized(error)) throw error;
    const fresh = await freshToken(token).catch(() => null);
    if (fresh === null) throw error;
    try {
      return await httpRequest<T>(path, { ...rest, token: fresh });
    } catch (retryError) {
      // A token just issued refused too: the account itself was revoked.
      if (isUnauthorized(retryError)) sessionStore.end('expired');
      throw retryError;
    }
  }
}

/** The session's token if it changed since `refused` was sent (another renewal won), else a renewed one. */
function freshToken(refused: string): Promise<string> {
  const current = sessionStore.token();
  if (current !== null && current !== refused) return Promise.resolve(current);
  return sessionStore.renew();
}
