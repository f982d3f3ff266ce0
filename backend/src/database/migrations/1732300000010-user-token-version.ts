import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users.token_version: carried by every token as `ver`; a password change bumps it, which
 * ends every token issued before (see docs/architecture.md). Existing users start at 0, the
 * version their existing tokens (issued without `ver`) are read as, so nobody is signed out.
 */
export class UserTokenVersion1732300000010 implements MigrationInterface {
  name = 'UserTokenVersion1732300000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE users DROP COLUMN token_version');
  }
}
