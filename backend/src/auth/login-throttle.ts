import { isIPv4, isIPv6 } from 'node:net';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ApiError } from '@argus/shared';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { usernameKey } from '../users/username';

/** Keys tracked per window before the least recently active ones are dropped. */
export const MAX_TRACKED_KEYS = 100_000;

/**
 * A sliding-window log per key: the times of the last `limit` failures. Map order is
 * kept as order of last activity, so expired keys sit at the front and are pruned
 * cheaply, and the oldest are dropped first when `maxKeys` is reached.
 */
export class SlidingWindowLog {
  private readonly logs = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number = MAX_TRACKED_KEYS,
  ) {}

  get size(): number {
    return this.logs.size;
  }

  /** Milliseconds until `key` may try again; 0 when it is under the limit. */
  waitMs(key: string, now: number): number {
    this.prune(now);
    const log = this.live(key, now);
    if (log.length < this.limit) return 0;
    return log[log.length - this.limit] + this.windowMs - now;
  }

  add(key: string, now: number): void {
    this.prune(now);
    const log = this.live(key, now);
    log.push(now);
    if (log.length > this.limit) log.splice(0, log.length - this.limit);
    this.logs.delete(key);
    this.logs.set(key, log);
    while (this.logs.size > this.maxKeys) this.logs.delete(this.logs.keys().next().value as string);
  }

  /** Takes back one entry recorded at `at` (a provisional failure that turned out a success). */
  remove(key: string, at: number): void {
    const log = this.logs.get(key);
    if (!log) return;
    const index = log.lastIndexOf(at);
    if (index >= 0) log.splice(index, 1);
    if (log.length === 0) this.logs.delete(key);
  }

  clear(key: string): void {
    this.logs.delete(key);
  }

  private live(key: string, now: number): number[] {
    const log = this.logs.get(key) ?? [];
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < log.length && log[expired] <= cutoff) expired++;
    if (expired > 0) log.splice(0, expired);
    return log;
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    for (const [key, log] of this.logs) {
      if (log.length > 0 && log[log.length - 1] > cutoff) break;
      this.logs.delete(key);
    }
  }
}

/**
 * Whom a failed login counts against: an IPv4 client by its address (also when written
 * IPv4-mapped, `::ffff:1.2.3.4`), an IPv6 client by its /64, the network one subscriber is
 * given and may rotate host addresses in at will.
 */
export function clientKey(ip: string): string {
  const address = ip.split('%')[0]; // without a zone id (fe80::1%eth0)
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return ip;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 6).every((group, i) => group === (i === 5 ? 0xffff : 0))) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a dotted IPv4 tail converted. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - before.length - after.length).fill('0');
  return [...before, ...zeros, ...after].map((group) => parseInt(group, 16));
}

/** 429 with the seconds to wait; `RetryAfterInterceptor` turns it into the Retry-After header. */
export class LoginThrottledException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Too many failed login attempts; try again in ${retryAfterSeconds} s`,
      } satisfies ApiError,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

export interface LoginAttempt {
  /** The credentials were right: take back this attempt and forget the username's failures. */
  succeeded(): void;
}

/**
 * Limits failed logins per client (see clientKey) and per username (whatever the IP), each to
 * `LOGIN_MAX_FAILURES` within `LOGIN_WINDOW_SECONDS`. An attempt is counted as a failure
 * before the password is checked and taken back on success, so a burst of concurrent
 * guesses cannot slip past the limit while bcrypt runs.
 */
@Injectable()
export class LoginThrottle {
  private readonly byIp: SlidingWindowLog;
  private readonly byUsername: SlidingWindowLog;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    const windowMs = config.loginWindowSeconds * 1000;
    this.byIp = new SlidingWindowLog(config.loginMaxFailures, windowMs);
    this.byUsername = new SlidingWindowLog(config.loginMaxFailures, windowMs);
  }

  /** Records an attempt, or throws LoginThrottledException without recording one. */
  begin(clientIp: string, username: string): LoginAttempt {
    const ip = clientKey(clientIp);
    const now = this.clock.now().getTime();
    const user = usernameKey(username);
    const waitMs = Math.max(this.byIp.waitMs(ip, now), this.byUsername.waitMs(user, now));
    if (waitMs > 0) throw new LoginThrottledException(Math.max(1, Math.ceil(waitMs / 1000)));
    this.byIp.add(ip, now);
    this.byUsername.add(user, now);
    return {
      succeeded: () => {
        this.byIp.remove(ip, now);
        this.byUsername.clear(user);
      },
    };
  }
}
