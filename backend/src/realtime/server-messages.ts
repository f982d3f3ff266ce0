import { EVENT_TYPES, type EventType, type ServerMessage } from '@argus/shared';

/**
 * A server message serialized once, ready to be written to any number of sockets.
 * A Buffer (not a string) so `ws` does not re-encode it per socket.
 */
export type Frame = Buffer;

export function toFrame(message: ServerMessage): Frame {
  return Buffer.from(JSON.stringify(message), 'utf8');
}

// Event-type filters are bit masks: a per-socket check is one AND.
const BITS = new Map<EventType, number>(EVENT_TYPES.map((type, index) => [type, 1 << index]));
export const ALL_EVENT_TYPES_MASK = (1 << EVENT_TYPES.length) - 1;

export function eventTypeBit(type: EventType): number {
  return BITS.get(type) ?? 0;
}

export function maskOf(types: readonly EventType[]): number {
  return types.reduce((mask, type) => mask | eventTypeBit(type), 0);
}

export function typesOf(mask: number): EventType[] {
  return EVENT_TYPES.filter((type) => (mask & eventTypeBit(type)) !== 0);
}
