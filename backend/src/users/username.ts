/** Usernames: 3 to 64 letters, digits, dot, dash or underscore (the same rule as ADMIN_USERNAME). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,64}$/;
export const USERNAME_MAX_LENGTH = 64;

/** The uniqueness key: usernames are unique and matched case-insensitively. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
