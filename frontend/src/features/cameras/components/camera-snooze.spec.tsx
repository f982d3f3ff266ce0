import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCamera } from '@/testing/builders';
import { jsonResponse, renderWithProviders } from '@/testing/render';
import { SnoozeControl, SnoozeState, tomorrowMorning } from './camera-snooze';

describe('camera snooze', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('snoozes for the chosen time (an hour from now) and closes the dialog', async () => {
    const camera = buildCamera(4, { name: 'Gate' });
    const fetch = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(
        jsonResponse(200, { ...camera, snoozed_until: new Date(Date.now() + 3_600_000).toISOString() }),
      );
    renderWithProviders(<SnoozeControl camera={camera} />, { path: '/cameras' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Snooze alerts from Gate' }));
    expect(screen.getByRole('dialog', { name: 'Snooze Gate' })).toBeInTheDocument();
    const before = Date.now();
    await user.click(screen.getByRole('button', { name: '1 hour' }));

    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toContain('/api/cameras/4/snooze');
    expect(init.method).toBe('POST');
    const until = Date.parse((JSON.parse(init.body as string) as { until: string }).until);
    expect(until).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(until).toBeLessThan(before + 3_660_000);
  });

  it('shows a running snooze and resumes alerts with DELETE', async () => {
    const until = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const camera = buildCamera(4, { name: 'Gate', snoozed_until: until });
    const fetch = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(jsonResponse(200, { ...camera, snoozed_until: null }));
    renderWithProviders(
      <>
        <SnoozeState camera={camera} />
        <SnoozeControl camera={camera} />
      </>,
      { path: '/cameras' },
    );
    expect(screen.getByTestId('camera-snoozed')).toHaveTextContent(/^Alerts snoozed until /);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Resume alerts from Gate' }));
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toContain('/api/cameras/4/snooze');
    expect(init.method).toBe('DELETE');
  });

  it('shows nothing for a snooze that has run out', () => {
    const camera = buildCamera(4, { snoozed_until: new Date(Date.now() - 1000).toISOString() });
    renderWithProviders(<SnoozeState camera={camera} />, { path: '/' });
    expect(screen.queryByTestId('camera-snoozed')).not.toBeInTheDocument();
  });

  it('"until tomorrow" is 08:00 local time the next day', () => {
    const next = tomorrowMorning(new Date(2026, 10, 23, 21, 15));
    expect([next.getDate(), next.getHours(), next.getMinutes()]).toEqual([24, 8, 0]);
  });
});
