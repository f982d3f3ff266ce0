import { ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import { CloseCode } from '@argus/shared';
import { ClientMessageError } from './client-message';
import { FloodVerdict } from './flood-guard';
import { socketOf } from './live-socket';
import { MessageRateExceeded } from './message-rate.guard';

/**
 * Every error of a client message handler, mapped once to what contract §3 says: an
 * `error` message (the socket stays open), or for sustained flooding a 1008 close.
 * Anything unexpected is logged and answered `invalid_message`, so the client may retry.
 */
@Catch()
export class ClientMessageFilter implements WsExceptionFilter {
  private readonly logger = new Logger('Realtime');

  catch(exception: unknown, host: ArgumentsHost): void {
    const connection = socketOf(host)?.connection;
    // Not accepted (refused, or the guard turned it away): nobody to answer.
    if (connection === undefined) return;
    if (exception instanceof ClientMessageError) return connection.replyError(exception.code, exception.message);
    if (exception instanceof MessageRateExceeded) {
      switch (exception.verdict) {
        case FloodVerdict.RejectAndWarn:
          return connection.replyError('rate_limited', exception.message);
        case FloodVerdict.Reject:
          return;
        case FloodVerdict.Close:
          this.logger.warn(`closing connection ${connection.id} of user ${connection.user.id}: message flood`);
          return connection.close(CloseCode.POLICY_VIOLATION, 'Message rate exceeded');
      }
    }
    this.logger.error('client message failed', exception instanceof Error ? exception.stack : String(exception));
    connection.replyError('invalid_message', 'message could not be handled: try again');
  }
}
