import type { AlertRule, AlertRuleSchedule } from '@argus/shared';

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const DAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "45 s", "5 min", "1 h 30 min", "2 d". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [hours > 0 ? `${hours} h` : '', minutes > 0 ? `${minutes} min` : '', rest > 0 ? `${rest} s` : ''];
  return parts.filter((part) => part !== '').join(' ');
}

/** "Mon–Fri", "Sat, Sun", "Every day": consecutive days (Monday first) joined into ranges. */
export function formatDays(days: readonly number[]): string {
  if (days.length === 7) return 'Every day';
  // Monday-first week, so Sat+Sun reads as a weekend and Mon–Fri as one range.
  const order = [1, 2, 3, 4, 5, 6, 0].filter((day) => days.includes(day));
  const runs: number[][] = [];
  for (const day of order) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run !== undefined && previous !== undefined && (previous + 1) % 7 === day && previous !== 0) run.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) =>
      run.length >= 3
        ? `${DAY_SHORT[run[0]]}–${DAY_SHORT[run[run.length - 1]]}`
        : run.map((d) => DAY_SHORT[d]).join(', '),
    )
    .join(', ');
}

export function formatSchedule(schedule: AlertRuleSchedule): string {
  const hours = schedule.start === schedule.end ? 'all day' : `${schedule.start}–${schedule.end}`;
  return `${formatDays(schedule.days)} ${hours}`;
}

/** The rule's judgement in one line: "≥ 80 % · cooldown 5 min · Mon–Fri 22:00–06:00", or "Every event". */
export function describeJudgement(rule: Pick<AlertRule, 'min_confidence' | 'cooldown_seconds' | 'schedule'>): string {
  const parts: string[] = [];
  if (rule.min_confidence !== null) parts.push(`≥ ${Math.round(rule.min_confidence * 100)} % confidence`);
  if (rule.cooldown_seconds > 0) parts.push(`cooldown ${formatDuration(rule.cooldown_seconds)}`);
  if (rule.schedule !== null) parts.push(formatSchedule(rule.schedule));
  return parts.length === 0 ? 'Every event' : parts.join(' · ');
}
