import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import type { Credentials } from './api';

export const ARTIFACTS_DIR = join(__dirname, '..', 'artifacts');
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');

export type ConnectionState = 'live' | 'connecting' | 'polling' | 'offline';
const STATE_TEXT: Record<ConnectionState, string> = {
  live: 'Live',
  connecting: 'Connecting',
  polling: 'Polling',
  offline: 'Offline',
};

export function badge(page: Page): Locator {
  return page.getByTestId('connection-badge');
}

/** Waits until the connection badge shows `state` (attribute and visible text, per the UI contract). */
export async function expectBadge(page: Page, state: ConnectionState, timeout: number): Promise<void> {
  await expect(badge(page)).toHaveAttribute('data-state', state, { timeout });
  await expect(badge(page)).toHaveText(STATE_TEXT[state], { timeout: 1_000 });
}

/** Signs in through the login form and waits for the dashboard's connection badge. */
export async function signIn(page: Page, baseUrl: string, user: Credentials): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${baseUrl}/`, { timeout: 10_000 });
  await expect(badge(page)).toBeVisible({ timeout: 10_000 });
}

/** The number shown on a statistic card (the first one: "1 of 1" is 1), e.g. statValue(page, 'events_today'). */
export async function statValue(page: Page, field: string): Promise<number> {
  const text = await page.getByTestId(`stat-${field}`).getByTestId('stat-value').innerText();
  const number = /-?\d[\d,]*(\.\d+)?/.exec(text);
  if (number === null) throw new Error(`stat-${field} shows "${text}", not a number`);
  return Number(number[0].replace(/,/g, ''));
}

/** How many times each event id appears in the feed (data-event-id of every event-item). */
export async function feedCounts(page: Page): Promise<Map<number, number>> {
  const ids = await page
    .getByTestId('event-feed')
    .getByTestId('event-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-event-id')));
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(Number(id), (counts.get(Number(id)) ?? 0) + 1);
  return counts;
}

/**
 * Waits until every id is in the feed, then asserts each one appears exactly once and that no
 * id appears twice at all (a duplicate from a replay or a poll would show here).
 */
export async function expectFeedHasEachOnce(page: Page, ids: number[], timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const counts = await feedCounts(page);
        return ids.filter((id) => !counts.has(id));
      },
      { timeout, message: 'event ids missing from the feed' },
    )
    .toEqual([]);
  const counts = await feedCounts(page);
  const wanted = Object.fromEntries(ids.map((id) => [id, counts.get(id)]));
  expect(wanted, 'each ingested event shown exactly once').toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  expect(duplicated, 'no event shown twice').toEqual([]);
}

/**
 * Saves a full-page screenshot of the current dashboard state under e2e/artifacts/screenshots
 * and attaches it to the test's report entry.
 */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}
