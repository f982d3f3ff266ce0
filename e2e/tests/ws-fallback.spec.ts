import type { Page } from '@playwright/test';
import { expect, test } from '../support/test';
import { expectBadge, expectFeedHasEachOnce, signIn, snapshot } from '../support/ui';

// The browser reaches the app only through a proxy that refuses WebSocket upgrades, then stops
// refusing them: the dashboard must poll meanwhile (long polling: each event on screen within
// 1 s of its ingest, as on the socket) and switch back without losing or repeating an event.

/** Time from the start of an ingest until the event is in the feed (ms). */
async function ingestToFeed(page: Page, ingest: () => Promise<{ id: number }>): Promise<{ id: number; ms: number }> {
  const started = Date.now();
  const { id } = await ingest();
  await page
    .getByTestId('event-feed')
    .locator(`[data-testid="event-item"][data-event-id="${id}"]`)
    .waitFor({ state: 'attached', timeout: 5_000 });
  return { id, ms: Date.now() - started };
}

test('polls behind a proxy that refuses WebSockets, then returns to Live with every event exactly once', async ({
  page,
  api,
  seed: { viewer, camera },
  wsBlockingProxy: proxy,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, proxy.origin, viewer);
  // The client polls when no socket is open within 3 s of trying.
  await expectBadge(page, 'polling', 6_000);
  expect(proxy.counts.refused, 'upgrades refused by the proxy').toBeGreaterThan(0);
  expect(proxy.counts.tunnelled).toBe(0);
  await snapshot(page, testInfo, 'polling');

  const ids: number[] = [];
  const latencies: number[] = [];
  // Long polling: the held request is answered when the event is stored. Spaced out, so each
  // event meets a poll already held (the one after an answer follows at once).
  for (let i = 0; i < 4; i += 1) {
    await new Promise((wake) => setTimeout(wake, 700));
    const { id, ms } = await ingestToFeed(page, () => api.ingest(camera, 'motion_detected'));
    ids.push(id);
    latencies.push(ms);
  }
  testInfo.annotations.push({ type: 'polling latency', description: `ingest → feed: ${latencies.join(', ')} ms` });
  expect(Math.max(...latencies), `ingest → feed while polling (${latencies.join(', ')} ms)`).toBeLessThanOrEqual(1_000);
  // Two at once: both arrive, once each.
  const pair = await Promise.all([api.ingest(camera, 'face_unknown'), api.ingest(camera, 'face_unknown')]);
  ids.push(...pair.map((event) => event.id));
  await expectFeedHasEachOnce(page, ids, 2_000);
  await expectBadge(page, 'polling', 1_000);

  proxy.setBlocking(false);
  const unblockedAt = Date.now();
  const beforeSwitch = ids.length;
  // Keep events coming while the client is still on polling and while it switches.
  let switching = true;
  const duringSwitch = (async () => {
    while (switching) {
      ids.push((await api.ingest(camera, 'face_recognized')).id);
      await new Promise((wake) => setTimeout(wake, 1_500));
    }
  })();
  try {
    // Reconnect backoff caps at 30 s (plus jitter).
    await expectBadge(page, 'live', 40_000);
  } finally {
    switching = false;
    await duringSwitch;
  }
  expect(proxy.counts.tunnelled, 'sockets tunnelled once allowed').toBeGreaterThan(0);
  testInfo.annotations.push({
    type: 'switch',
    description: `Live ${Date.now() - unblockedAt} ms after upgrades were allowed; ${ids.length - beforeSwitch} events ingested meanwhile; ${proxy.counts.refused} upgrades refused before`,
  });
  for (let i = 0; i < 3; i += 1) ids.push((await api.ingest(camera, 'recording_started')).id);

  await expectFeedHasEachOnce(page, ids, 5_000);
  await expectBadge(page, 'live', 1_000);
  await snapshot(page, testInfo, 'live-after-polling');
});
