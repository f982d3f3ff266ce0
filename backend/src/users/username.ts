/** Usernames: 3 to 64 letters, digits, dot, dash or underscore (the same rule as ADMIN_USERNAME). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,64}$/;
export const USERNAME_MAX_LENGTH = 64;
export const PASSWORD_MIN_LENGTH = 8;
/** Far above any real passphrase; bounds the work an attacker can make bcrypt do per request. */
export const PASSWORD_MAX_LENGTH = 256;

/** The uniqueness key: usernames are unique and matched case-insensitively. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
