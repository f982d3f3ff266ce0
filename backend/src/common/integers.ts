import { MAX_ID } from '@argus/shared';

/** Inclusive bounds of an integer input. */
export interface IntegerRange {
  min: number;
  max: number;
}

/** Row ids (path `:id`, `camera_id`, `person_id`, `user_id`...): what a PostgreSQL `integer` key holds. */
export const ID_RANGE: IntegerRange = { min: 1, max: MAX_ID };
/** Id cursors (`after`): 0 means "from the start". */
export const CURSOR_RANGE: IntegerRange = { min: 0, max: MAX_ID };

/** The one message every integer input gets when it is not a whole number within its range. */
export function integerMessage(name: string, range: IntegerRange): string {
  return `${name} must be an integer from ${range.min} to ${range.max}`;
}

/** A JSON number that is a whole number within `range`. */
export function isIntegerInRange(value: unknown, range: IntegerRange): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;
}

/**
 * Text from a path or query string read as an integer: plain decimal digits only (no sign,
 * exponent, hex, fraction or spaces, so "1e3" and "0x10" are refused rather than read as
 * 1000 and 16), within `range`; undefined otherwise.
 */
export function parseIntegerText(text: unknown, range: IntegerRange): number | undefined {
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return isIntegerInRange(value, range) ? value : undefined;
}
