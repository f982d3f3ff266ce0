import type { NtfyChannelConfig, Severity } from '@argus/shared';
import type { StoredImage } from '../../snapshots/snapshots.service';
import {
  alertTitle,
  httpDetail,
  networkDetail,
  Outgoing,
  SEND_TIMEOUT_MS,
  SendOutcome,
  TEST_BODY,
  TEST_TITLE,
} from './outgoing';

/** ntfy priorities (contract §10): critical 5 (max), warning 4 (high), info 3 (default). */
export const NTFY_PRIORITY: Record<Severity, string> = { critical: '5', warning: '4', info: '3' };
/** ntfy turns known tags into emoji. */
const SEVERITY_TAG: Record<Severity, string> = {
  critical: 'rotating_light',
  warning: 'warning',
  info: 'information_source',
};

/** Header values must be Latin-1; ntfy decodes RFC 2047 encoded words for anything else. */
export function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

export interface NtfyAttachment {
  /** The snapshot itself, uploaded as the PUT body. */
  image?: StoredImage;
  /** Or a signed absolute URL ntfy clients load it from (PUBLIC_URL set). */
  url?: string;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Publishes to `<url>/<topic>` (contract §10). With an uploaded snapshot the body is the
 * image (PUT with `Filename`) and the text goes in the `Message` header, as ntfy expects;
 * otherwise the body is the text, with `Attach` when a signed URL is given.
 */
export async function sendNtfy(
  config: NtfyChannelConfig,
  outgoing: Outgoing,
  attachment: NtfyAttachment = {},
): Promise<SendOutcome> {
  const title = outgoing.type === 'alert' ? alertTitle(outgoing.alert) : TEST_TITLE;
  const message = outgoing.type === 'alert' ? outgoing.alert.message : TEST_BODY;
  const severity: Severity = outgoing.type === 'alert' ? outgoing.alert.severity : 'info';
  const headers: Record<string, string> = {
    Title: headerText(title),
    Priority: NTFY_PRIORITY[severity],
    Tags:
      outgoing.type === 'alert' ? `${SEVERITY_TAG[severity]},${outgoing.alert.event_type}` : 'white_check_mark,test',
    'User-Agent': 'Argus',
  };
  if (config.token) headers.Authorization = `Bearer ${config.token}`;
  let method = 'POST';
  let body: BodyInit = message;
  if (attachment.image) {
    method = 'PUT';
    body = new Uint8Array(attachment.image.bytes);
    headers.Message = headerText(message);
    headers.Filename = `snapshot.${EXTENSIONS[attachment.image.contentType] ?? 'jpg'}`;
    headers['Content-Type'] = attachment.image.contentType;
  } else {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    if (attachment.url) headers.Attach = attachment.url;
  }
  let response: Response;
  try {
    response = await fetch(`${config.url}/${config.topic}`, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, detail: networkDetail(error) };
  }
  if (!response.ok) return { ok: false, detail: await httpDetail(response) };
  await response.body?.cancel();
  return { ok: true, detail: `HTTP ${response.status}` };
}
