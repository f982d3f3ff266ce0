import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { FloodVerdict } from './flood-guard';
import { socketOf } from './live-socket';

/** A client message over the rate (contract §3 limits): ClientMessageFilter answers per verdict. */
export class MessageRateExceeded extends Error {
  constructor(
    readonly verdict: Exclude<FloodVerdict, typeof FloodVerdict.Accept>,
    readonly ratePerSecond: number,
  ) {
    super(`more than ${ratePerSecond} messages per second: message dropped`);
    this.name = 'MessageRateExceeded';
  }
}

/**
 * Runs before every client message handler (the invalid-frame one included, so a flood of
 * garbage counts too): only an accepted socket's messages pass, within its rate.
 */
@Injectable()
export class MessageRateGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const connection = socketOf(context)?.connection;
    // A refused socket may still deliver what its client sent before the close: ignored.
    if (connection === undefined) return false;
    const verdict = connection.rate(performance.now());
    if (verdict === FloodVerdict.Accept) return true;
    throw new MessageRateExceeded(verdict, this.config.wsMaxMessagesPerSecond);
  }
}
