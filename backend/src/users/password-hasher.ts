import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { PASSWORD_MAX_BYTES } from '@argus/shared';
import { APP_CONFIG, AppConfig } from '../config/app-config';

// bcrypt reads only the first 72 bytes (PASSWORD_MAX_BYTES): a longer password is never
// hashed nor compared, so its tail can never be ignored (contract §1).
const beyondBcrypt = bcrypt.truncates;

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
    // Validation refuses these first; hashing a truncated password must never happen silently.
    if (beyondBcrypt(password)) throw new Error(`refusing to hash a password over ${PASSWORD_MAX_BYTES} bytes`);
    return bcrypt.hash(password, this.config.passwordHashRounds);
  }

  /** False at once for a password no stored hash can match (so its first 72 bytes cannot log in). */
  async verify(password: string, hash: string): Promise<boolean> {
    if (beyondBcrypt(password)) return false;
    return bcrypt.compare(password, hash);
  }

  /**
   * Spends the same time as a real verification and fails, so an unknown username
   * cannot be told from a wrong password by timing.
   */
  async verifyNothing(password: string): Promise<false> {
    // Too long for any user: answered without bcrypt for known and unknown users alike.
    if (beyondBcrypt(password)) return false;
    this.dummyHash ??= this.hash('argus-dummy-password');
    await bcrypt.compare(password, await this.dummyHash);
    return false;
  }
}
