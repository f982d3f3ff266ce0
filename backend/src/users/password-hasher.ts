import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** bcrypt hashing with the configured cost; the only place passwords are handled in clear. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    // Ready before the first login, so even the first unknown-user answer takes the usual time.
    this.dummyHash = this.hash('argus-dummy-password');
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.passwordHashRounds);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /**
   * Spends the same time as a real verification and fails, so an unknown username
   * cannot be told from a wrong password by timing.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('argus-dummy-password');
    await bcrypt.compare(password, await this.dummyHash);
    return false;
  }
}
