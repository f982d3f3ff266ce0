import type { AlertRule, CreateAlertRuleRequest } from '@argus/shared';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/testing/render';
import { RuleForm } from './rule-form';
import { describeJudgement, formatDays } from './rule-summary';

const cameras = [{ id: 3, name: 'Yard' }];

function renderForm(rule?: AlertRule) {
  const onSubmit = vi.fn<(request: CreateAlertRuleRequest) => void>();
  renderWithProviders(
    <RuleForm rule={rule} cameras={cameras} users={[]} busy={false} onSubmit={onSubmit} actions={null} error={null} />,
    { path: '/alert-rules' },
  );
  return { onSubmit, user: userEvent.setup() };
}

const rule: AlertRule = {
  id: 9,
  event_type: 'motion_detected',
  camera_id: 3,
  severity: 'info',
  user_id: null,
  role: 'admin',
  min_confidence: 0.8,
  cooldown_seconds: 300,
  schedule: { days: [0, 6], start: '22:00', end: '06:00' },
};

describe('RuleForm', () => {
  it('submits the defaults as an always-armed rule without a cooldown', async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(onSubmit).toHaveBeenCalledWith({
      event_type: 'face_unknown',
      camera_id: null,
      severity: 'warning',
      role: null,
      user_id: null,
      min_confidence: null,
      cooldown_seconds: 0,
      schedule: null,
    });
  });

  it('edits a rule: its values are shown, day toggles and times change the schedule', async () => {
    const { onSubmit, user } = renderForm(rule);
    expect(screen.getByLabelText('Minimum confidence (%)')).toHaveValue(80);
    expect(screen.getByLabelText('Cooldown (seconds)')).toHaveValue(300);
    expect(screen.getByRole('button', { name: 'Saturday' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Monday' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByText(/Overnight: from 22:00 on each chosen day until 06:00/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Monday' }));
    await user.click(screen.getByRole('button', { name: 'Sunday' }));
    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '08:30');
    await user.clear(screen.getByLabelText('Minimum confidence (%)'));
    await user.clear(screen.getByLabelText('Cooldown (seconds)'));
    await user.type(screen.getByLabelText('Cooldown (seconds)'), '60');
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(onSubmit).toHaveBeenCalledWith({
      event_type: 'motion_detected',
      camera_id: 3,
      severity: 'info',
      role: 'admin',
      user_id: null,
      min_confidence: null,
      cooldown_seconds: 60,
      schedule: { days: [1, 6], start: '08:30', end: '06:00' },
    });
  });

  it('clears the schedule when unticked, and will not save a schedule without days', async () => {
    const { onSubmit, user } = renderForm(rule);
    await user.click(screen.getByRole('button', { name: 'Saturday' }));
    await user.click(screen.getByRole('button', { name: 'Sunday' }));
    expect(screen.getByText(/Pick at least one day/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save rule' })).toBeDisabled();
    await user.click(screen.getByLabelText('Only on certain days and hours'));
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ schedule: null }));
  });
});

describe('rule summary', () => {
  it('describes days as ranges, Monday first', () => {
    expect(formatDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(formatDays([0, 6])).toBe('Sat, Sun');
    expect(formatDays([0, 1, 2, 3, 4, 5, 6])).toBe('Every day');
    expect(formatDays([1, 3, 4, 5, 0])).toBe('Mon, Wed–Fri, Sun');
  });

  it('describes the judgement in one line', () => {
    expect(describeJudgement(rule)).toBe('≥ 80 % confidence · cooldown 5 min · Sat, Sun 22:00–06:00');
    expect(describeJudgement({ min_confidence: null, cooldown_seconds: 0, schedule: null })).toBe('Every event');
    expect(
      describeJudgement({
        min_confidence: null,
        cooldown_seconds: 5400,
        schedule: { days: [2], start: '00:00', end: '00:00' },
      }),
    ).toBe('cooldown 1 h 30 min · Tue all day');
  });
});
