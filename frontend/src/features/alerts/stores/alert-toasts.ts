import type { Alert } from '@argus/shared';

/** A toast per new alert. UI state only: the alert itself lives in the query cache. */
export interface AlertToast {
  key: number;
  alert: Alert;
}

type Listener = () => void;

const MAX_TOASTS = 5;

export class AlertToastStore {
  private toasts: readonly AlertToast[] = [];
  private readonly listeners = new Set<Listener>();
  private nextKey = 1;

  getSnapshot = (): readonly AlertToast[] => this.toasts;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  push = (alert: Alert): void => {
    if (this.toasts.some((toast) => toast.alert.id === alert.id)) return;
    this.set([...this.toasts, { key: this.nextKey++, alert }].slice(-MAX_TOASTS));
  };

  dismiss = (key: number): void => {
    this.set(this.toasts.filter((toast) => toast.key !== key));
  };

  /** The alert was acknowledged (here or on another dashboard): its toast closes. */
  dismissAlert = (alertId: number): void => {
    if (!this.toasts.some((toast) => toast.alert.id === alertId)) return;
    this.set(this.toasts.filter((toast) => toast.alert.id !== alertId));
  };

  clear = (): void => this.set([]);

  private set(next: readonly AlertToast[]): void {
    this.toasts = next;
    for (const listener of this.listeners) listener();
  }
}

export const alertToasts = new AlertToastStore();
