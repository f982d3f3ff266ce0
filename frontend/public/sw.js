// The Argus service worker (contract §10): shows Web Push alerts with their thumbnail and an
// Acknowledge action that works without opening the dashboard, and opens the dashboard on a
// click. Plain JavaScript served as-is from the site root, so its scope is the whole app.
/* eslint-env serviceworker */

const ICON = '/icons/icon-192.png';
const BADGE = '/icons/badge-96.png';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(event.data));
});

/** The payload is the server's PushPayload JSON (shared/src/notifications.ts). */
async function showPush(data) {
  let payload = null;
  try {
    payload = data ? data.json() : null;
  } catch {
    payload = null;
  }
  if (!payload || typeof payload.title !== 'string') {
    // A push must show something (userVisibleOnly): an unreadable one says so.
    return self.registration.showNotification('Argus', { body: 'New activity', icon: ICON, badge: BADGE });
  }
  if (payload.type !== 'alert') {
    return self.registration.showNotification(payload.title, {
      body: payload.body,
      icon: ICON,
      badge: BADGE,
      tag: 'argus-test',
      data: { url: payload.url },
    });
  }
  const alert = payload.alert;
  return self.registration.showNotification(payload.title, {
    body: payload.body,
    icon: ICON,
    badge: BADGE,
    image: payload.thumbnail_url || undefined,
    // One notification per alert: a repeat replaces it instead of stacking.
    tag: `argus-alert-${alert.id}`,
    timestamp: Date.parse(alert.created_at),
    requireInteraction: alert.severity === 'critical',
    actions: [{ action: 'ack', title: 'Acknowledge' }],
    data: { url: payload.url, alert_id: alert.id, ack_url: payload.ack_url, ack_token: payload.ack_token },
  });
}

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(handleClick(event.notification, event.action));
});

/** `ack`: acknowledge with the notification's token (no session needed); otherwise open the dashboard. */
async function handleClick(notification, action) {
  const data = notification.data || {};
  notification.close();
  if (action === 'ack' && data.ack_url && data.ack_token) return acknowledge(data);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (open) return open.focus();
  return self.clients.openWindow(data.url || '/');
}

async function acknowledge(data) {
  let status = 0;
  try {
    const response = await fetch(data.ack_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: data.ack_token }),
      credentials: 'omit',
    });
    status = response.status;
  } catch {
    status = 0;
  }
  if (status !== 200) {
    await self.registration.showNotification('Argus: not acknowledged', {
      body: status === 0 ? 'The server could not be reached.' : 'Open the dashboard to acknowledge this alert.',
      icon: ICON,
      badge: BADGE,
      tag: `argus-ack-failed-${data.alert_id}`,
      data: { url: data.url },
    });
  }
  return { acknowledged: status === 200, status };
}

// A page of this origin can ask for a notification's click path to run (the browser suite
// uses it: a headless browser cannot press a system notification's button). It runs only
// the same code a click runs, on a notification this worker showed.
self.addEventListener('message', (event) => {
  const message = event.data;
  if (!message || message.type !== 'argus:notificationclick') return;
  event.waitUntil(
    (async () => {
      const shown = await self.registration.getNotifications({ tag: message.tag });
      const result = shown[0]
        ? await handleClick(shown[0], message.action || '')
        : { error: `no notification with tag ${message.tag}` };
      if (event.source) event.source.postMessage({ type: 'argus:notificationclick:done', result: result || {} });
    })(),
  );
});
