import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { CloseCode } from '@argus/shared';
import { TokenRejectedError } from '../auth/token-rejection';
import { TokenVerifier } from '../auth/token-verifier';
import { Clock, type Timer } from '../common/time';
import { ClientMessageError } from './client-message';
import { ConnectionHub } from './connection-hub';
import type { LiveConnection } from './live-connection';

/**
 * Contract §3, token lifetime: a socket whose token expires without an in-band refresh is
 * closed 4001 `Token expired`. Sockets are kept by the second their token expires (token
 * `exp` is in whole seconds, so thousands share a second), with one timer on the injected
 * Clock for the earliest second: no timer per socket, and tests advance a manual clock.
 */
@Injectable()
export class TokenLifetime implements OnModuleDestroy {
  private readonly bySecond = new Map<number, Set<LiveConnection>>();
  private timer: Timer | undefined;
  private armedFor: number | undefined;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly hub: ConnectionHub,
    private readonly clock: Clock,
  ) {}

  onModuleDestroy(): void {
    this.timer?.cancel();
  }

  track(connection: LiveConnection): void {
    const second = connection.tokenExpiresAt;
    let due = this.bySecond.get(second);
    if (due === undefined) {
      due = new Set();
      this.bySecond.set(second, due);
    }
    due.add(connection);
    if (this.armedFor === undefined || second < this.armedFor) this.arm(second);
  }

  untrack(connection: LiveConnection): void {
    const second = connection.tokenExpiresAt;
    const due = this.bySecond.get(second);
    if (due?.delete(connection) && due.size === 0) this.bySecond.delete(second);
  }

  /**
   * In-band `auth`: a valid token of the same user moves the socket's expiry and refreshes
   * its role; another user's token closes it 4001; a disabled or deleted user's 4003; any
   * other refusal is an `error` and the token in force stays until it expires.
   */
  async refresh(connection: LiveConnection, token: string): Promise<void> {
    const mark = this.hub.userChangeMark();
    let user;
    try {
      user = await this.verifier.authenticate({ via: 'message', token });
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      if (error.rejection === 'user_disabled') return connection.close(CloseCode.USER_DISABLED, 'User disabled');
      if (error.rejection === 'user_unknown') return connection.close(CloseCode.USER_DISABLED, 'User deleted');
      throw new ClientMessageError('invalid_message', `auth rejected: ${error.message}`);
    }
    if (!connection.isOpen) return;
    if (user.id !== connection.user.id) {
      return connection.close(CloseCode.UNAUTHORIZED, 'Token belongs to another user');
    }
    this.untrack(connection);
    connection.renew({ expiresAt: user.tokenExp, version: user.tokenVersion }, user.role);
    this.track(connection);
    // A change delivered while the token was checked (the role read may be stale, or gone).
    this.hub.catchUp(connection, mark);
    if (!connection.isOpen) return;
    connection.reply({ type: 'auth_ok', expires_at: new Date(user.tokenExp * 1000).toISOString() });
  }

  private arm(second: number): void {
    this.timer?.cancel();
    this.armedFor = second;
    this.timer = this.clock.at(second * 1000, () => this.expire());
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    const now = this.clock.now().getTime();
    let next: number | undefined;
    for (const [second, due] of this.bySecond) {
      if (second * 1000 > now) {
        if (next === undefined || second < next) next = second;
        continue;
      }
      this.bySecond.delete(second);
      for (const connection of due) connection.close(CloseCode.UNAUTHORIZED, 'Token expired');
    }
    if (next !== undefined) this.arm(next);
  }
}
