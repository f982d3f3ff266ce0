import { randomBytes } from 'node:crypto';
import { INestApplicationContext, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { Clock } from '../common/time';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import { UserEntity } from './user.entity';
import { usernameKey } from './username';

/**
 * First start: creates the admin account `ADMIN_USERNAME` when the database has no admin.
 * Without `ADMIN_PASSWORD` a random password is generated and kept for `takeNotice()`, which
 * the server prints once after its "listening" line (not among start-up logs); it is never
 * stored in clear nor shown again. An existing admin is never touched, so a
 * restart does not reset a password that was changed since.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstStart');
  private notice: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly hasher: PasswordHasher,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.adminUsername;
    const exists = await this.users.exists({ where: { usernameKey: usernameKey(username) } });
    if (exists || (await this.users.exists({ where: { role: 'admin' } }))) return;

    const generated = this.config.adminPassword === undefined;
    const password = this.config.adminPassword ?? randomBytes(18).toString('base64url');
    try {
      await this.users.insert({
        username,
        usernameKey: usernameKey(username),
        passwordHash: await this.hasher.hash(password),
        role: 'admin',
        disabled: false,
        tokenVersion: 0,
        createdAt: this.clock.now().toISOString(),
      });
    } catch (error) {
      // Another instance starting at the same time created it first: theirs stands.
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) return;
      throw error;
    }
    if (generated) {
      this.notice = generatedPasswordNotice(username, password);
    } else {
      this.logger.log(`created the admin account "${username}" with ADMIN_PASSWORD`);
    }
  }

  /** The generated-password notice of this start, once; undefined when there is none. */
  takeNotice(): string | undefined {
    const notice = this.notice;
    this.notice = undefined;
    return notice;
  }
}

/**
 * Prints this start's generated-password notice, if any, where a person looks: called by
 * main after its "listening" line. With JSON logs the box goes to stderr, so stdout stays
 * one JSON object a line (`docker compose logs` shows both).
 */
export function printFirstStartNotice(app: INestApplicationContext, config: AppConfig): void {
  const notice = app.get(AdminBootstrapService, { strict: false }).takeNotice();
  if (notice === undefined) return;
  new Logger('FirstStart').warn('an admin account was created; its generated password is printed below, once');
  (config.logFormat === 'json' ? process.stderr : process.stdout).write(notice);
}

/** The boxed, once-only notice of a generated admin password. */
export function generatedPasswordNotice(username: string, password: string): string {
  const lines = [
    'FIRST START: an admin account was created.',
    '',
    `  username: ${username}`,
    `  password: ${password}`,
    '',
    'This password will NOT be shown again. Sign in and',
    'change it, or set ADMIN_PASSWORD before the first start.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  const body = lines.map((line) => `| ${line.padEnd(width)} |`);
  return ['', rule, ...body, rule, '', ''].join('\n');
}
