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
 * closed 4001 `Token expired`. One timer on the injected Clock, armed for the earliest expiry
 * second among the open sockets (token `exp` is in whole seconds); when it fires, one pass
 * over the hub's connections closes the expired ones and re-arms for the next. No timer and
 * no index entry per socket (the endpoint holds tens of thousands; a pass over 19,000
 * connections takes well under a millisecond, at most once per distinct expiry second), and
 * tests advance a manual clock.
 */
@Injectable()
export class TokenLifetime implements OnModuleDestroy {
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

  /** A connection in the hub whose token expiry is new (accepted, or renewed): arms the timer if it is the earliest. */
  track(connection: LiveConnection): void {
    const second = connection.tokenExpiresAt;
    if (this.armedFor === undefined || second < this.armedFor) this.arm(second);
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
    for (const connection of this.hub.all()) {
      const second = connection.tokenExpiresAt;
      if (second * 1000 <= now) {
        // Closing: the hub drops it when its close completes; closing twice is harmless.
        if (connection.isOpen) connection.close(CloseCode.UNAUTHORIZED, 'Token expired');
      } else if (next === undefined || second < next) {
        next = second;
      }
    }
    if (next !== undefined) this.arm(next);
  }
}
