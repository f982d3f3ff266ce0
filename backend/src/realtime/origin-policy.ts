/**
 * Contract §3 handshake step 1: a browser's `Origin` must be one of CORS_ORIGINS or the
 * server's own origin (its host equals the request's Host header). No Origin header
 * (scripts, server-to-server) is allowed: browsers always send one on a WebSocket upgrade.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    // Includes the opaque origin "null" (sandboxed frames, file://).
    return false;
  }
  if (parsed.origin === 'null') return false;
  if (allowedOrigins.includes(parsed.origin)) return true;
  return host !== undefined && parsed.host.toLowerCase() === host.toLowerCase();
}
