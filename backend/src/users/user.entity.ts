import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@argus/shared';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Unique, compared case-insensitively through `usernameKey`. */
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'username_key', type: 'varchar', length: 64, unique: true })
  usernameKey: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Carried by each token as `ver`; a password change bumps it, which ends every older token. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** ISO-8601 UTC. */
  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
