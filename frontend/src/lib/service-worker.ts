/**
 * Registers the service worker (`/sw.js`, from frontend/public): it shows Web Push alerts and
 * makes the dashboard installable. Registered after load so it never competes with the app's
 * first requests; a browser without service workers simply has no push.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('service worker not registered', error);
    });
  });
}
