import type { NotificationChannel } from '@argus/shared';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '@/testing/render';
import { PushDevicePanel } from './push-device-panel';

// jsdom has no service workers or Push API: a stand-in with the browser's shapes, so the
// panel's flow (permission, subscribe with the server's key, register the channel) is checked.
const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const KEY_BYTES = new Uint8Array(65).fill(7);
KEY_BYTES[0] = 4;
const KEY = base64url(KEY_BYTES);
const OLD_KEY = new Uint8Array(65).fill(9).buffer;
const ENDPOINT = 'https://push.example/send/device-1';
const subscriptionJson = { endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: 'p', auth: 'a' } };

function fakeSubscription(key: ArrayBuffer) {
  return {
    endpoint: ENDPOINT,
    options: { applicationServerKey: key },
    toJSON: () => subscriptionJson,
    unsubscribe: vi.fn(() => Promise.resolve(true)),
  };
}

let permission: NotificationPermission;
let existing: ReturnType<typeof fakeSubscription> | null;
const subscribe = vi.fn((options: { applicationServerKey: Uint8Array }) =>
  Promise.resolve(fakeSubscription(new Uint8Array(options.applicationServerKey).buffer)),
);

beforeEach(() => {
  permission = 'granted';
  existing = null;
  subscribe.mockClear();
  const registration = {
    pushManager: { getSubscription: () => Promise.resolve(existing), subscribe },
  };
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('PushManager', function PushManager() {});
  vi.stubGlobal('Notification', { requestPermission: () => Promise.resolve(permission) });
  Object.defineProperty(navigator, 'serviceWorker', {
    configurable: true,
    value: { ready: Promise.resolve(registration), getRegistration: () => Promise.resolve(registration) },
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
const posts = (fetch: { mock: { calls: Array<[string | URL | Request, RequestInit?]> } }) =>
  fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([, init]) => init?.body);

function serve() {
  return vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = urlOf(input);
    if (url.includes('/webpush-key')) return Promise.resolve(jsonResponse(200, { public_key: KEY }));
    if (url.endsWith('/api/notifications/channels') && init?.method === 'POST') {
      const channel: NotificationChannel = {
        id: 9,
        kind: 'webpush',
        min_severity: 'warning',
        enabled: true,
        config: { endpoint: ENDPOINT },
        created_at: '2026-11-23T08:00:00.000Z',
      };
      return Promise.resolve(jsonResponse(201, channel));
    }
    return Promise.resolve(jsonResponse(200, []));
  });
}

describe('PushDevicePanel', () => {
  it('asks for permission, subscribes with the server key and registers the subscription as a channel', async () => {
    const fetch = serve();
    renderWithProviders(<PushDevicePanel channels={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Enable push on this device' }));
    await vi.waitFor(() => expect(subscribe).toHaveBeenCalledTimes(1));
    expect(base64url(subscribe.mock.calls[0][0].applicationServerKey)).toBe(KEY);
    await vi.waitFor(() => expect(posts(fetch)).toHaveLength(1));
    expect(JSON.parse(posts(fetch)[0] as string)).toEqual({
      kind: 'webpush',
      min_severity: 'warning',
      config: { endpoint: ENDPOINT, keys: { p256dh: 'p', auth: 'a' } },
    });
  });

  it('says so when notifications are blocked, and registers nothing', async () => {
    permission = 'denied';
    const fetch = serve();
    renderWithProviders(<PushDevicePanel channels={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Enable push on this device' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Notifications are blocked for this site');
    expect(subscribe).not.toHaveBeenCalled();
    expect(posts(fetch)).toEqual([]);
  });

  it('replaces a subscription made for another server key', async () => {
    const stale = fakeSubscription(OLD_KEY);
    existing = stale;
    serve();
    renderWithProviders(<PushDevicePanel channels={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Enable push on this device' }));
    await vi.waitFor(() => expect(subscribe).toHaveBeenCalledTimes(1));
    expect(stale.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('explains when the browser has no Push API', () => {
    vi.stubGlobal('PushManager', undefined);
    Reflect.deleteProperty(window, 'PushManager');
    renderWithProviders(<PushDevicePanel channels={[]} />);
    expect(screen.getByText(/cannot receive push notifications/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enable push on this device' })).toBeNull();
  });
});
