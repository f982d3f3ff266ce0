import type { IncomingMessage } from 'node:http';
import { WS_BEARER_PROTOCOL } from '@argus/shared';
import { TokenRejectedError } from './token-rejection';

/**
 * Where a token is read from. Each source has one place: REST and ingest only the
 * `Authorization: Bearer` header; the socket handshake only `?token=` or the `bearer`
 * subprotocol (a browser cannot set headers on a WebSocket); the in-band refresh only
 * its message. So a token in a REST URL is never accepted.
 */
export type Credential =
  | { via: 'header'; request: IncomingMessage }
  | { via: 'socket'; request: IncomingMessage }
  | { via: 'message'; token: string };

const BEARER = /^Bearer +(\S+) *$/i;

/** passport-jwt's `jwtFromRequest`: the token, null when there is none. */
export function tokenOf(credential: Credential): string | null {
  switch (credential.via) {
    case 'header': {
      const header = credential.request.headers.authorization;
      if (header === undefined) return null;
      const match = BEARER.exec(header);
      // Another scheme is not "no token": the client sent a credential we cannot read.
      if (match === null) throw new TokenRejectedError('malformed');
      return match[1];
    }
    case 'socket':
      return socketToken(credential.request);
    case 'message':
      return credential.token;
  }
}

/** `?token=` first, else the value after `bearer` in the subprotocol list. */
function socketToken(request: IncomingMessage): string | null {
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (query !== null) return query === '' ? null : query;
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return null;
  const protocols = header.split(',').map((protocol) => protocol.trim());
  const at = protocols.indexOf(WS_BEARER_PROTOCOL);
  return at >= 0 ? (protocols[at + 1] ?? null) : null;
}
