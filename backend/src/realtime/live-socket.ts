import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { WebSocket } from 'ws';
import type { LiveConnection } from './live-connection';
import type { ClientFrame } from './live-socket.adapter';

/**
 * The class `ws` builds for each socket of the live endpoint (its `WebSocket` option):
 * a plain `ws` socket that carries its LiveConnection once the handshake accepted it.
 */
export class LiveSocket extends WebSocket {
  connection: LiveConnection | undefined;
}

/** The socket a client message came from (it travels in the message data: see ClientFrame). */
export function socketOf(context: Pick<ExecutionContext, 'switchToWs'>): LiveSocket | undefined {
  const socket = context.switchToWs().getData<ClientFrame | undefined>()?.socket;
  return socket instanceof LiveSocket ? socket : undefined;
}

/**
 * The accepted connection a message came from. Handlers run behind MessageRateGuard,
 * which lets only accepted sockets' messages through.
 */
export const Connection = createParamDecorator((_data: unknown, context: ExecutionContext): LiveConnection => {
  const connection = socketOf(context)?.connection;
  if (connection === undefined) throw new Error('message of a socket that was not accepted');
  return connection;
});
