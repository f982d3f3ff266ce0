import type { PublicUser, TokenResponse } from '@argus/shared';
import { httpRequest, isUnauthorized } from './http';

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

/** Trades the current token for a fresh one (`POST /api/auth/refresh`, or a password change). */
export type TokenExchange = (token: string) => Promise<TokenResponse>;

type Listener = () => void;

/** The scheduled renewal runs at this share of the token's remaining lifetime. */
const RENEW_AT_SHARE = 0.8;
const MIN_RENEW_DELAY_MS = 5_000;
const RETRY_RENEW_DELAY_MS = 30_000;

const refreshToken: TokenExchange = (token) =>
  httpRequest<TokenResponse>('/api/auth/refresh', { method: 'POST', token });

/** Thrown by renew() when there is no session left to renew. */
export class NoSessionError extends Error {
  constructor() {
    super('Not signed in');
    this.name = 'NoSessionError';
  }
}

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

export interface SessionStoreOptions {
  storage?: Storage;
  now?: () => number;
  refresh?: TokenExchange;
}

/**
 * The one owner of the token in the browser. A tiny external store (subscribe/get) so React
 * reads it with useSyncExternalStore, and the one place a token is renewed: the api client
 * (on a 401), the scheduled pre-expiry renewal and the live client (on 4001) all call renew(),
 * and concurrent callers share a single request.
 */
export class SessionStore {
  private session: Session | null;
  private endReason: SessionEndReason | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly storage: Storage | undefined;
  private readonly now: () => number;
  private readonly refresh: TokenExchange;
  /** The renewal in flight; every renew() meanwhile gets its answer. */
  private renewing: Promise<string> | null = null;

  constructor(options: SessionStoreOptions = {}) {
    this.storage = options.storage ?? (typeof localStorage === 'undefined' ? undefined : localStorage);
    this.now = options.now ?? Date.now;
    this.refresh = options.refresh ?? refreshToken;
    this.session = this.read();
    if (this.session !== null && this.session.expires_at <= this.now()) {
      this.session = null;
      this.endReason = 'expired';
      this.storage?.removeItem(SESSION_STORAGE_KEY);
    }
  }

  get = (): Session | null => this.session;

  token = (): string | null => this.session?.access_token ?? null;

  getEndReason = (): SessionEndReason | null => this.endReason;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Stores a login or renewal answer. */
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

  end = (reason: SessionEndReason): void => {
    if (this.session === null && this.endReason === reason) return;
    this.session = null;
    this.endReason = reason;
    this.storage?.removeItem(SESSION_STORAGE_KEY);
    this.emit();
  };

  /** The login page shows the notice once, then forgets it. */
  clearEndReason(): void {
    this.endReason = null;
  }

  /**
   * A fresh token for the current session. Single-flight: while a renewal is under way every
   * caller gets that one's answer. A 401 ends the session as expired; any other failure (no
   * network, 5xx) rejects and leaves the session as it is, for the caller to retry.
   */
  renew = (): Promise<string> => this.renewing ?? this.exchange(this.refresh);

  /**
   * Trades the current token through `obtain` (a refresh, or a password change whose answer is
   * a fresh token) as the session's one renewal: it waits for a renewal already in flight, and
   * renew() calls made meanwhile share its answer instead of racing it with the old token.
   */
  exchange(obtain: TokenExchange): Promise<string> {
    const before = this.renewing ?? Promise.resolve('');
    const run = before.catch(() => '').then(() => this.obtain(obtain));
    this.renewing = run;
    const settle = () => {
      if (this.renewing === run) this.renewing = null;
    };
    run.then(settle, settle);
    return run;
  }

  /**
   * Renews the token at 80 % of its remaining lifetime (retrying a failed attempt while the
   * token still holds), so neither REST nor the live socket meets an expired token. Returns
   * the function that stops it.
   */
  keepFresh(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const renewNow = () => {
      this.renew().catch(() => {
        const left = (this.session?.expires_at ?? 0) - this.now();
        if (left > 0) {
          timer = setTimeout(renewNow, Math.min(RETRY_RENEW_DELAY_MS, Math.max(MIN_RENEW_DELAY_MS, left / 2)));
        }
      });
    };
    // Every new token (a renewal, a password change, a sign-in) starts the countdown again.
    const schedule = () => {
      clearTimeout(timer);
      if (this.session === null) return;
      const left = this.session.expires_at - this.now();
      timer = setTimeout(renewNow, Math.max(MIN_RENEW_DELAY_MS, left * RENEW_AT_SHARE));
    };
    const unsubscribe = this.subscribe(schedule);
    schedule();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }

  private async obtain(obtain: TokenExchange): Promise<string> {
    const token = this.session?.access_token;
    if (token === undefined) throw new NoSessionError();
    let response: TokenResponse;
    try {
      response = await obtain(token);
    } catch (error) {
      // Only a refusal of the token we still hold ends the session; a newer one may be fine.
      if (isUnauthorized(error) && this.session?.access_token === token) this.end('expired');
      throw error;
    }
    // Signed out (or signed in as someone else) meanwhile: never bring the old session back.
    if (this.session?.access_token !== token) throw new NoSessionError();
    return this.set(response).access_token;
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
