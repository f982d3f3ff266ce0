import type { Alert } from '@argus/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { buildAlert, deferred } from '@/testing/builders';
import { jsonResponse, renderWithProviders, testQueryClient } from '@/testing/render';
import { alertsQueryOptions } from '../api/get-alerts';
import { AlertsPanel } from './alerts-panel';

const alert = (id: number, severity: Alert['severity']): Alert =>
  buildAlert(id, { camera_name: 'Garage', event_type: 'camera_offline', severity, message: `Alert ${id}` });

describe('AlertsPanel', () => {
  it('shows severity and acknowledges optimistically, rolling back when the server refuses', async () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(alertsQueryOptions().queryKey, [alert(2, 'critical'), alert(1, 'warning')]);
    const answer = deferred<Response>();
    vi.spyOn(globalThis, 'fetch').mockReturnValue(answer.promise);
    renderWithProviders(<AlertsPanel />, { queryClient });

    const items = screen.getAllByTestId('alert-item');
    expect(items.map((i) => i.getAttribute('data-severity'))).toEqual(['critical', 'warning']);
    await userEvent.click(within(items[0]).getByRole('button', { name: 'Acknowledge' }));
    // Optimistic: the button is gone before the server answered.
    expect(within(screen.getAllByTestId('alert-item')[1]).queryByRole('button', { name: 'Acknowledge' })).toBeNull();

    answer.resolve(jsonResponse(500, { statusCode: 500, error: 'Internal Server Error', message: 'boom' }));
    await vi.waitFor(() => expect(screen.getAllByRole('button', { name: 'Acknowledge' })).toHaveLength(2));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not acknowledge');
  });
});
