// The server's password rule (contract §1): 8 to 72 bytes of UTF-8, never silently truncated.
// Counted in bytes, as the hash counts them: an accented letter is 2 bytes, most emoji 4.

import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '@argus/shared';

const encoder = new TextEncoder();

export function passwordBytes(password: string): number {
  return encoder.encode(password).length;
}

/** What is wrong with a new password, in words for the person typing it; null when it is fine. */
export function passwordProblem(password: string): string | null {
  const bytes = passwordBytes(password);
  if (bytes < PASSWORD_MIN_BYTES) {
    return `The password is too short: ${bytes} of at least ${PASSWORD_MIN_BYTES} bytes.`;
  }
  if (bytes > PASSWORD_MAX_BYTES) {
    return `The password is too long: ${bytes} of at most ${PASSWORD_MAX_BYTES} bytes (accented letters take 2 bytes, emoji 4).`;
  }
  return null;
}
