/** Query parameters that carry a credential: socket tokens, signed-URL signatures, keys, passwords. */
const SECRET_PARAMS = /([?&](?:token|access_token|sig|signature|key|api_key|password)=)[^&#]*/gi;

/**
 * The socket URL carries the access token (`?token=...`) and a signed snapshot URL its
 * signature (`&sig=...`): anything that logs a request URL logs it through here so no
 * credential reaches a log line.
 */
export function redactUrl(url: string | undefined): string {
  if (url === undefined) return '';
  return url.replace(SECRET_PARAMS, '$1[REDACTED]');
}
