import { describe, expect, it } from 'vitest';
import { passwordBytes, passwordProblem } from './password';

describe('password rule', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(passwordBytes('abc')).toBe(3);
    expect(passwordBytes('é')).toBe(2);
    expect(passwordBytes('🔒')).toBe(4);
  });

  it('takes 8 to 72 bytes and says which limit a password misses', () => {
    expect(passwordProblem('a'.repeat(8))).toBeNull();
    expect(passwordProblem('a'.repeat(72))).toBeNull();
    expect(passwordProblem('a'.repeat(7))).toBe('The password is too short: 7 of at least 8 bytes.');
    // 37 characters, 74 bytes: fine by a character count, too long for the hash.
    expect(passwordProblem('é'.repeat(37))).toMatch(/^The password is too long: 74 of at most 72 bytes/);
    expect(passwordProblem('🔒🔒')).toBeNull();
    expect(passwordProblem('🔒')).toBe('The password is too short: 4 of at least 8 bytes.');
  });
});
