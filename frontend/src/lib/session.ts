import type { PublicUser, TokenResponse } from '@argus/shared';

export const SESSION_STORAGE_KEY = 'argus.session';

/** What the browser keeps between reloads (localStorage `argus.session`). */
export interface Session {
  access_token: string;
  /** Epoch milliseconds. */
  expires_at: number;
  user: PublicUser;
}

/** Why the last session ended; the login page turns 'expired' into a notice. */
export type SessionEndReason = 'signed_out' | 'expired' | 'disabled';

type Listener = () => void;

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const user = v.user as Record<string, unknown> | undefined;
  return (
    typeof v.access_token === 'string' &&
    typeof v.expires_at === 'number' &&
    typeof user === 'object' &&
    user !== null &&
    typeof user.id === 'number' &&
    typeof user.username === 'string' &&
    (user.role === 'admin' || user.role === 'viewer')
  );
}

/**
 * The one place the token lives. A tiny external store (subscribe/getSnapshot) so React reads it
 * with useSyncExternalStore, and non-React code (api client, live client) reads it directly.
 */
export class SessionStore {
  private session: Session | null;
  private endReason: SessionEndReason | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Storage | undefined = typeof localStorage === 'undefined' ? undefined : localStorage,
    private readonly now: () => number = Date.now,
  ) {
    this.session = this.read();
    if (this.session !== null && this.session.expires_at <= this.now()) {
      this.session = null;
      this.endReason = 'expired';
      this.storage?.removeItem(SESSION_STORAGE_KEY);
    }
  }

  get = (): Session | null => this.session;

  getEndReason = (): SessionEndReason | null => this.endReason;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Stores a login or refresh answer. */
  set(response: TokenResponse): Session {
    const session: Session = {
      access_token: response.access_token,
      expires_at: this.now() + response.expires_in * 1000,
      user: response.user,
    };
    this.session = session;
    this.endReason = null;
    this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    this.emit();
    return session;
  }

  end(reason: SessionEndReason): void {
    if (this.session === null && this.endReason === reason) return;
    this.session = null;
    this.endReason = reason;
    this.storage?.removeItem(SESSION_STORAGE_KEY);
    this.emit();
  }

  /** The login page shows the notice once, then forgets it. */
  clearEndReason(): void {
    this.endReason = null;
  }

  private read(): Session | null {
    try {
      const raw = this.storage?.getItem(SESSION_STORAGE_KEY);
      if (raw === null || raw === undefined) return null;
      const parsed: unknown = JSON.parse(raw);
      return isSession(parsed) ? parsed : null;
    } catch {
      // Corrupt storage is treated as signed out.
      return null;
    }
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const sessionStore = new SessionStore();
