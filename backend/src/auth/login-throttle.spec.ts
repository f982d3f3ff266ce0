import type { AppConfig } from '../config/app-config';
import { RateLimits } from '../rate-limit/rate-limits';
import { clientKey, LoginThrottle, LoginThrottledException } from './login-throttle';

const config = { loginMaxFailures: 5, loginWindowSeconds: 900, redisPrefix: 'test:' } as AppConfig;

/** A throttle counting in memory (no REDIS_URL); the Redis store is covered by test/rate-limits. */
function memoryThrottle(): LoginThrottle {
  return new LoginThrottle(config, new RateLimits(config));
}

/** Fails one login attempt; answers the Retry-After seconds when throttled, else null. */
async function fail(throttle: LoginThrottle, ip: string, username: string): Promise<number | null> {
  try {
    await throttle.begin(ip, username);
    return null;
  } catch (error) {
    if (error instanceof LoginThrottledException) return error.retryAfterSeconds;
    throw error;
  }
}

describe('LoginThrottle', () => {
  let throttle: LoginThrottle;
  beforeEach(() => {
    // The memory store reads Date.now and expires keys with setTimeout: both under test control.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: Date.parse('2026-01-01T00:00:00Z') });
    throttle = memoryThrottle();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses the 6th attempt from one IP within the window, with the seconds until it ends', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await fail(throttle, '10.0.0.1', `user${i}`)).toBeNull();
      vi.advanceTimersByTime(10_000);
    }
    // The window opened with the first failure, 50 s ago.
    expect(await fail(throttle, '10.0.0.1', 'someone-else')).toBe(850);
    expect(await fail(throttle, '10.0.0.2', 'someone-else')).toBeNull();
  });

  it('refuses a username after 5 failures from different IPs', async () => {
    for (let i = 0; i < 5; i++) expect(await fail(throttle, `10.0.1.${i}`, 'victim')).toBeNull();
    expect(await fail(throttle, '10.0.2.1', 'victim')).toBe(900);
    // Usernames are matched case-insensitively, like logins.
    expect(await fail(throttle, '10.0.2.2', 'VICTIM')).toBe(900);
    expect(await fail(throttle, '10.0.2.3', 'other')).toBeNull();
  });

  it('lets the client try again once the window has passed', async () => {
    for (let i = 0; i < 5; i++) await fail(throttle, '10.0.0.1', 'victim');
    vi.advanceTimersByTime(899_000);
    expect(await fail(throttle, '10.0.0.1', 'victim')).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(await fail(throttle, '10.0.0.1', 'victim')).toBeNull();
  });

  it('a refused attempt does not count against the other key', async () => {
    for (let i = 0; i < 5; i++) await fail(throttle, '10.0.0.1', `user${i}`);
    // The IP is throttled: these never reach the password check, so 'bystander' keeps its five tries.
    for (let i = 0; i < 3; i++) expect(await fail(throttle, '10.0.0.1', 'bystander')).not.toBeNull();
    for (let i = 0; i < 5; i++) expect(await fail(throttle, `10.0.5.${i}`, 'bystander')).toBeNull();
    expect(await fail(throttle, '10.0.6.1', 'bystander')).not.toBeNull();
  });

  it('a success clears the username and takes back its own attempt, but keeps the IP failures', async () => {
    for (let i = 0; i < 4; i++) await fail(throttle, '10.0.0.1', 'victim');
    await (await throttle.begin('10.0.0.1', 'victim')).succeeded();
    // Four earlier failures remain for the IP: one more is allowed, then it is throttled.
    expect(await fail(throttle, '10.0.0.1', 'victim')).toBeNull();
    expect(await fail(throttle, '10.0.0.1', 'victim')).not.toBeNull();
    // The username itself starts afresh from another IP.
    for (let i = 0; i < 3; i++) expect(await fail(throttle, '10.0.3.1', 'victim')).toBeNull();
  });

  it('counts an attempt before the password is checked, so concurrent guesses cannot overrun the limit', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => throttle.begin('10.0.0.9', 'victim')));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(LoginThrottledException);
    }
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['0:0:0:0:0:ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:1:2::', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
  ])('keys %s as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });

  it('counts every address of one IPv6 /64 as one client, and other /64s apart', async () => {
    const throttle = memoryThrottle();
    for (let i = 1; i <= 5; i++) expect(await fail(throttle, `2001:db8:1:2::${i.toString(16)}`, `user${i}`)).toBeNull();
    expect(await fail(throttle, '2001:db8:1:2:ffff:ffff:ffff:ffff', 'user6')).toBeGreaterThan(0);
    expect(await fail(throttle, '2001:db8:1:3::1', 'user7')).toBeNull();
  });

  it('counts an IPv4 client the same written plain or IPv4-mapped', async () => {
    const throttle = memoryThrottle();
    for (let i = 0; i < 5; i++) {
      expect(await fail(throttle, i % 2 ? '198.51.100.9' : '::ffff:198.51.100.9', `u${i}`)).toBeNull();
    }
    expect(await fail(throttle, '198.51.100.9', 'u5')).toBeGreaterThan(0);
    expect(await fail(throttle, '198.51.100.10', 'u6')).toBeNull();
  });
});
