import type { WebPushChannelConfig } from '@argus/shared';

/** Why this browser cannot receive push notifications, or null when it can. */
export function pushUnsupportedReason(): string | null {
  if (!window.isSecureContext) return 'Push notifications need the dashboard on https (or localhost).';
  if (!('serviceWorker' in navigator)) return 'This browser has no service workers.';
  if (!('PushManager' in window) || !('Notification' in window)) {
    return 'This browser cannot receive push notifications (on iPhone and iPad: add Argus to the Home Screen first).';
  }
  return null;
}

/** Chromium registers with its push service (FCM) on subscribe; without a connection it never answers. */
const SUBSCRIBE_TIMEOUT_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => {
        window.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        window.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function sameBytes(buffer: ArrayBuffer | null, bytes: Uint8Array): boolean {
  if (buffer === null || buffer.byteLength !== bytes.length) return false;
  const view = new Uint8Array(buffer);
  return view.every((byte, i) => byte === bytes[i]);
}

/** This browser's current push subscription (for the dashboard's origin), or null. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushUnsupportedReason() !== null) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Asks for permission and subscribes with the deployment's VAPID key; answers the channel config. */
export async function subscribe(publicKey: string): Promise<WebPushChannelConfig> {
  const reason = pushUnsupportedReason();
  if (reason !== null) throw new Error(reason);
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new Error('Notifications are blocked for this site: allow them in the browser settings, then try again.');
  }
  const registration = await navigator.serviceWorker.ready;
  const key = keyBytes(publicKey);
  let existing = await registration.pushManager.getSubscription();
  // A subscription made for another key (the server's database was replaced) no longer works.
  if (existing !== null && !sameBytes(existing.options.applicationServerKey, key)) {
    await existing.unsubscribe();
    existing = null;
  }
  const subscription =
    existing ??
    (await withTimeout(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
      SUBSCRIBE_TIMEOUT_MS,
      "The browser's push service did not answer: check this device's connection and try again.",
    ));
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) {
    throw new Error('The browser gave an incomplete subscription.');
  }
  return { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } };
}

/** Ends this browser's subscription (the server's channel is deleted separately). */
export async function unsubscribe(): Promise<void> {
  await (await currentSubscription())?.unsubscribe();
}
