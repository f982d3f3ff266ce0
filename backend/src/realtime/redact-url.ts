/**
 * The socket URL carries the access token (`?token=...`): anything that logs a request
 * URL logs it through here so the token never reaches a log line.
 */
export function redactUrl(url: string | undefined): string {
  if (url === undefined) return '';
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[REDACTED]');
}
