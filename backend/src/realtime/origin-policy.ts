import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Express's compiled `trust proxy` (`app.get('trust proxy fn')`): is the address at `hop` trusted? */
export type TrustProxy = (address: string, hop: number) => boolean;

/** `scheme://host[:port]` in the URL standard's form (lower case, default port left out), or null. */
function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    // Includes the opaque origin "null" (sandboxed frames, file://) and non-special schemes.
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The server's own origin as this request shows it, used when PUBLIC_URL is unset:
 * `http://<Host>`, or `https://` when the connection itself is TLS or a trusted proxy
 * (TRUST_PROXY) says so in `X-Forwarded-Proto`, as Express decides `req.protocol`.
 */
export function requestOrigin(request: IncomingMessage, trustProxy: TrustProxy): string | null {
  const host = request.headers.host;
  if (host === undefined || host === '') return null;
  let scheme = (request.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  const forwarded = request.headers['x-forwarded-proto'];
  if (typeof forwarded === 'string' && trustProxy(request.socket.remoteAddress ?? '', 0)) {
    const first = forwarded.split(',')[0].trim().toLowerCase();
    if (first === 'http' || first === 'https') scheme = first;
  }
  // A Host that is not a plain host[:port] (a path, credentials) is no origin.
  if (!/^[^/?#@\s]+$/.test(host)) return null;
  return originOf(`${scheme}://${host}`);
}

/**
 * Contract §3 handshake step 1. No `Origin` (scripts, server-to-server) is allowed: browsers
 * always send one on a WebSocket upgrade. Otherwise its scheme, host and port must equal one
 * of `allowed` exactly (CORS_ORIGINS and the server's own origin), so `ws://` or `https://`
 * against an http server, another port, or another host are refused.
 */
export function isOriginAllowed(origin: string | undefined, allowed: ReadonlyArray<string | null>): boolean {
  if (origin === undefined) return true;
  const normalized = originOf(origin);
  return normalized !== null && allowed.includes(normalized);
}

/** PUBLIC_URL's origin (it may carry a path). */
export function publicOrigin(publicUrl: string): string {
  return new URL(publicUrl).origin;
}
