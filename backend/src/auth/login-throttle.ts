import { isIPv4, isIPv6 } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TooManyRequestsException } from '../common/too-many-requests';
import { RateLimits, retryAfterSeconds } from '../rate-limit/rate-limits';
import { usernameKey } from '../users/username';

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

/** 429 with the seconds to wait (the exception filter writes Retry-After). */
export class LoginThrottledException extends TooManyRequestsException {
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds, `Too many failed login attempts; try again in ${retryAfterSeconds} s`);
  }
}

export interface LoginAttempt {
  /** The credentials were right: take back this attempt and forget the username's failures. */
  succeeded(): Promise<void>;
}

/**
 * Limits failed logins per client (see clientKey) and per username (whatever the IP), each to
 * `LOGIN_MAX_FAILURES` within `LOGIN_WINDOW_SECONDS` (a window from the first failure), in the
 * instance's rate-limit store: Redis with REDIS_URL, so the limit holds across instances. An
 * attempt is counted as a failure before the password is checked and taken back on success,
 * so a burst of concurrent guesses cannot slip past the limit while bcrypt runs.
 */
@Injectable()
export class LoginThrottle {
  private readonly byIp: RateLimiterAbstract;
  private readonly byUsername: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig, limits: RateLimits) {
    this.byIp = limits.limiter('login-ip', config.loginMaxFailures, config.loginWindowSeconds);
    this.byUsername = limits.limiter('login-user', config.loginMaxFailures, config.loginWindowSeconds);
  }

  /** Records an attempt, or throws LoginThrottledException without recording one. */
  async begin(clientIp: string, username: string): Promise<LoginAttempt> {
    const ip = clientKey(clientIp);
    const user = usernameKey(username);
    const [byIp, byUser] = await Promise.allSettled([this.byIp.consume(ip), this.byUsername.consume(user)]);
    const refusals = [byIp, byUser].flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    if (refusals.length > 0) {
      // A refused attempt is no attempt: give back what the other limiter counted.
      if (byIp.status === 'fulfilled') await this.byIp.reward(ip, 1);
      if (byUser.status === 'fulfilled') await this.byUsername.reward(user, 1);
      const waits = refusals.map((refusal) => {
        if (refusal instanceof RateLimiterRes) return retryAfterSeconds(refusal);
        throw refusal;
      });
      throw new LoginThrottledException(Math.max(...waits));
    }
    return {
      succeeded: async () => {
        await Promise.all([this.byIp.reward(ip, 1), this.byUsername.delete(user)]);
      },
    };
  }
}
