import type { CameraSource, EventType, Severity } from '@argus/shared';

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatRelative(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatConfidence(confidence: number | undefined): string | null {
  return confidence === undefined ? null : `${Math.round(confidence * 100)} %`;
}

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  motion_detected: 'Motion',
  face_recognized: 'Face recognised',
  face_unknown: 'Unknown face',
  recording_started: 'Recording started',
  recording_stopped: 'Recording stopped',
  camera_online: 'Camera online',
  camera_offline: 'Camera offline',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

/** Badges for cameras that are not plain API cameras; an API camera shows none. */
export const SOURCE_LABELS: Record<CameraSource, string | null> = {
  api: null,
  frigate: 'Frigate',
  simulator: 'Simulated',
};
