import { EVENT_TYPES, type ClientMessage, type EventType, type WsErrorCode, isEventType } from '@argus/shared';
import type { DecodedFrame } from './live-socket.adapter';

export type ParsedClientMessage =
  { ok: true; message: ClientMessage } | { ok: false; code: WsErrorCode; message: string };

const MAX_TOKEN_LENGTH = 4096;

function invalid(message: string): ParsedClientMessage {
  return { ok: false, code: 'invalid_message', message };
}

function eventTypes(value: unknown): EventType[] | string {
  if (!Array.isArray(value)) return 'event_types must be an array of event types';
  if (value.length === 0 || value.length > EVENT_TYPES.length) {
    return `event_types must hold 1 to ${EVENT_TYPES.length} entries`;
  }
  const unknown: unknown = (value as unknown[]).find((type) => !isEventType(type));
  if (unknown !== undefined) return `event_types: unknown event type ${JSON.stringify(unknown)}`;
  return [...new Set(value as EventType[])];
}

/**
 * Validates one client frame (contract §3, client to server). Never throws: every
 * rejection carries the error code the socket answers with, and the socket lives on.
 */
export function parseClientMessage(data: Buffer, isBinary: boolean): ParsedClientMessage {
  if (isBinary) return invalid('binary frames are not supported: send JSON text');
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return { ok: false, code: 'bad_json', message: 'message is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('message must be a JSON object with a type');
  }
  const fields = value as Record<string, unknown>;
  if (typeof fields.type !== 'string') return invalid('type must be a string');
  switch (fields.type) {
    case 'ping': {
      const { timestamp } = fields;
      if (timestamp === undefined) return { ok: true, message: { type: 'ping' } };
      if ((typeof timestamp === 'number' && Number.isFinite(timestamp)) || typeof timestamp === 'string') {
        if (typeof timestamp === 'string' && timestamp.length > 64) return invalid('timestamp is too long');
        return { ok: true, message: { type: 'ping', timestamp } };
      }
      return invalid('timestamp must be a number or a string');
    }
    case 'subscribe':
    case 'unsubscribe': {
      const types = eventTypes(fields.event_types);
      if (typeof types === 'string') return invalid(types);
      return { ok: true, message: { type: fields.type, event_types: types } };
    }
    case 'auth': {
      const { token } = fields;
      if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) {
        return invalid('token must be a non-empty string');
      }
      return { ok: true, message: { type: 'auth', token } };
    }
    default:
      return {
        ok: false,
        code: 'unknown_type',
        message: `unknown type ${JSON.stringify(fields.type.slice(0, 64))}`,
      };
  }
}

/** A client message refused with an `error` (the socket stays open): mapped by ClientMessageFilter. */
export class ClientMessageError extends Error {
  constructor(
    readonly code: WsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientMessageError';
  }
}

/** The handler event of every frame that is not one of the four client messages. */
export const INVALID_FRAME = 'invalid_frame';

/** Body of an INVALID_FRAME: the `error` to answer. */
export interface FrameProblem {
  code: WsErrorCode;
  message: string;
}

/**
 * LiveSocketAdapter's frame decoder: a valid message goes to the handler of its `type`
 * (`@SubscribeMessage('ping')`...), anything else to the INVALID_FRAME handler with the
 * error to answer, so every frame passes the gateway's rate guard.
 */
export function decodeClientFrame(data: Buffer, isBinary: boolean): DecodedFrame {
  const parsed = parseClientMessage(data, isBinary);
  if (parsed.ok) return { event: parsed.message.type, data: parsed.message };
  const problem: FrameProblem = { code: parsed.code, message: parsed.message };
  return { event: INVALID_FRAME, data: problem };
}
