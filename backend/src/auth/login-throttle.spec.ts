import { Clock } from '../common/time';
import type { AppConfig } from '../config/app-config';
import { clientKey, LoginThrottle, LoginThrottledException, SlidingWindowLog } from './login-throttle';

class FakeClock extends Clock {
  constructor(public ms = Date.parse('2026-01-01T00:00:00.000Z')) {
    super();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

const config = { loginMaxFailures: 5, loginWindowSeconds: 900 } as AppConfig;

/** Fails one login attempt; answers the Retry-After seconds when throttled, else null. */
function fail(throttle: LoginThrottle, ip: string, username: string): number | null {
  try {
    throttle.begin(ip, username);
    return null;
  } catch (error) {
    if (error instanceof LoginThrottledException) return error.retryAfterSeconds;
    throw error;
  }
}

describe('LoginThrottle', () => {
  let clock: FakeClock;
  let throttle: LoginThrottle;
  beforeEach(() => {
    clock = new FakeClock();
    throttle = new LoginThrottle(config, clock);
  });

  it('refuses the 6th attempt from one IP within the window, with the seconds until a slot frees', () => {
    for (let i = 0; i < 5; i++) {
      expect(fail(throttle, '10.0.0.1', `user${i}`)).toBeNull();
      clock.advance(10);
    }
    // The first failure (50 s ago) leaves the window in 850 s.
    expect(fail(throttle, '10.0.0.1', 'someone-else')).toBe(850);
    expect(fail(throttle, '10.0.0.2', 'someone-else')).toBeNull();
  });

  it('refuses a username after 5 failures from different IPs', () => {
    for (let i = 0; i < 5; i++) expect(fail(throttle, `10.0.1.${i}`, 'victim')).toBeNull();
    expect(fail(throttle, '10.0.2.1', 'victim')).toBe(900);
    // Usernames are matched case-insensitively, like logins.
    expect(fail(throttle, '10.0.2.2', 'VICTIM')).toBe(900);
    expect(fail(throttle, '10.0.2.3', 'other')).toBeNull();
  });

  it('frees a slot as the oldest failure leaves the sliding window', () => {
    for (let i = 0; i < 5; i++) {
      fail(throttle, '10.0.0.1', 'victim');
      clock.advance(100);
    }
    // Failures at 0, 100, ..., 400 s; now 500 s.
    expect(fail(throttle, '10.0.0.1', 'victim')).toBe(400);
    clock.advance(399);
    expect(fail(throttle, '10.0.0.1', 'victim')).toBe(1);
    clock.advance(1);
    expect(fail(throttle, '10.0.0.1', 'victim')).toBeNull();
    // That attempt took the freed slot again: the next one waits for the failure at 100 s.
    expect(fail(throttle, '10.0.0.1', 'victim')).toBe(100);
  });

  it('a success clears the username and takes back its own attempt, but keeps the IP failures', () => {
    for (let i = 0; i < 4; i++) fail(throttle, '10.0.0.1', 'victim');
    throttle.begin('10.0.0.1', 'victim').succeeded();
    // Four earlier failures remain for the IP: one more is allowed, then it is throttled.
    expect(fail(throttle, '10.0.0.1', 'victim')).toBeNull();
    expect(fail(throttle, '10.0.0.1', 'victim')).not.toBeNull();
    // The username itself starts afresh from another IP.
    for (let i = 0; i < 3; i++) expect(fail(throttle, '10.0.3.1', 'victim')).toBeNull();
  });

  it('counts an attempt before the password is checked, so concurrent guesses cannot overrun the limit', () => {
    const pending = Array.from({ length: 5 }, () => throttle.begin('10.0.0.9', 'victim'));
    expect(pending).toHaveLength(5);
    expect(() => throttle.begin('10.0.0.9', 'victim')).toThrow(LoginThrottledException);
  });
});

describe('SlidingWindowLog', () => {
  it('forgets keys whose failures have all expired', () => {
    const log = new SlidingWindowLog(3, 1000);
    log.add('a', 0);
    log.add('b', 500);
    expect(log.size).toBe(2);
    log.add('c', 1200); // 'a' expired at 1000
    expect(log.size).toBe(2);
    log.add('c', 2000); // 'b' expired at 1500
    expect(log.size).toBe(1);
  });

  it('never tracks more than maxKeys keys, dropping the least recently active', () => {
    const log = new SlidingWindowLog(3, 60_000, 100);
    for (let i = 0; i < 1000; i++) log.add(`ip-${i}`, i);
    expect(log.size).toBe(100);
    expect(log.waitMs('ip-999', 1000)).toBe(0);
    log.add('ip-999', 1000);
    log.add('ip-999', 1001);
    expect(log.waitMs('ip-999', 1002)).toBe(999 + 60_000 - 1002);
    expect(log.size).toBe(100);
  });

  it('keeps at most `limit` timestamps per key', () => {
    const log = new SlidingWindowLog(2, 1000);
    for (let t = 0; t < 10; t++) log.add('k', t);
    // Only the last two (8 and 9) count: a slot frees when 8 expires.
    expect(log.waitMs('k', 10)).toBe(998);
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

  it('counts every address of one IPv6 /64 as one client, and other /64s apart', () => {
    const throttle = new LoginThrottle(config, new FakeClock());
    for (let i = 1; i <= 5; i++) expect(fail(throttle, `2001:db8:1:2::${i.toString(16)}`, `user${i}`)).toBeNull();
    expect(fail(throttle, '2001:db8:1:2:ffff:ffff:ffff:ffff', 'user6')).toBeGreaterThan(0);
    expect(fail(throttle, '2001:db8:1:3::1', 'user7')).toBeNull();
  });

  it('counts an IPv4 client the same written plain or IPv4-mapped', () => {
    const throttle = new LoginThrottle(config, new FakeClock());
    for (let i = 0; i < 5; i++) {
      expect(fail(throttle, i % 2 ? '198.51.100.9' : '::ffff:198.51.100.9', `u${i}`)).toBeNull();
    }
    expect(fail(throttle, '198.51.100.9', 'u5')).toBeGreaterThan(0);
    expect(fail(throttle, '198.51.100.10', 'u6')).toBeNull();
  });
});
