import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { CreateUserRequest, UpdateUserRequest, User } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { Mutex } from '../common/mutex';
import { Clock } from '../common/time';
import { EventBus, type BusMessage } from '../bus/event-bus';
import { PasswordHasher } from './password-hasher';
import { UserCache, type UserState } from './user-cache';
import { UserEntity } from './user.entity';
import { usernameKey } from './username';

/** The REST shape of a stored user (never the hash). */
export function toUser(entity: UserEntity): User {
  return {
    id: entity.id,
    username: entity.username,
    role: entity.role,
    disabled: entity.disabled,
    created_at: entity.createdAt,
  };
}

/** Accounts: lookup, credentials, and the admin-only management rules. */
@Injectable()
export class UsersService {
  // Serializes mutations in this process so two concurrent requests cannot both pass the
  // last-admin check; across instances the row locks taken on PostgreSQL do the same.
  private readonly mutations = new Mutex();

  private readonly logger = new Logger('Users');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly bus: EventBus,
    @Inject(Clock) private readonly clock: Clock,
    private readonly cache: UserCache,
  ) {}

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  /**
   * What a token check needs of the user (null: deleted), from this instance's UserCache:
   * every change below is in force on every instance before its request answers.
   */
  currentState(id: number): Promise<UserState | null> {
    return this.cache.get(id, (userId) => this.loadState(userId));
  }

  private async loadState(id: number): Promise<UserState | null> {
    const user = await this.users.findOne({
      where: { id },
      select: { id: true, username: true, role: true, disabled: true, tokenVersion: true },
    });
    if (user === null) return null;
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      disabled: user.disabled,
      tokenVersion: user.tokenVersion,
    };
  }

  /** Case-insensitive lookup. */
  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { usernameKey: usernameKey(username) } });
  }

  /**
   * The enabled user whose password matches, or null. Unknown users cost the same bcrypt
   * work as known ones, so the answer time does not reveal which usernames exist.
   */
  async verifyCredentials(username: string, password: string): Promise<UserEntity | null> {
    const user = await this.findByUsername(username);
    if (!user) return this.hasher.verifyNothing(password).then(() => null);
    const matches = await this.hasher.verify(password, user.passwordHash);
    return matches && !user.disabled ? user : null;
  }

  async list(): Promise<User[]> {
    const users = await this.users.find({ order: { id: 'ASC' } });
    return users.map(toUser);
  }

  async get(id: number): Promise<User> {
    return toUser(await this.require(this.users.manager, id));
  }

  /** Creates an account. 409 when the username is taken in any letter case. */
  async create(input: CreateUserRequest): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.serialized(async () => {
      if (await this.findByUsername(input.username)) {
        throw new ConflictException(`username "${input.username}" already exists`);
      }
      const saved = await this.users.save(
        this.users.create({
          username: input.username,
          usernameKey: usernameKey(input.username),
          passwordHash,
          role: input.role,
          disabled: false,
          tokenVersion: 0,
          createdAt: this.clock.now().toISOString(),
        }),
      );
      // Nothing can have cached this id yet (ids are never reused); cheap insurance all the same.
      this.cache.invalidate(saved.id);
      return toUser(saved);
    });
  }

  /**
   * Changes role, password or disabled state; the last enabled admin stays an enabled admin.
   * A new password ends every token issued before it (the token version goes up).
   */
  async update(id: number, changes: UpdateUserRequest, actor: AuthUser): Promise<User> {
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(changes.password);
    const { user, revoked } = await this.serialized(() =>
      this.dataSource.transaction(async (manager) => {
        const admins = await this.lockEnabledAdmins(manager, actor);
        const user = await this.require(manager, id, true);
        const becomesDisabled = changes.disabled === true && !user.disabled;
        const losesAdmin = changes.role !== undefined && changes.role !== 'admin' && user.role === 'admin';
        if (becomesDisabled && user.id === actor.id) {
          throw new ConflictException('you cannot disable your own account');
        }
        if ((becomesDisabled || losesAdmin) && user.role === 'admin' && !user.disabled) {
          ensureAnotherAdmin(admins, user.id, becomesDisabled ? 'disable' : 'demote');
        }
        if (changes.role !== undefined) user.role = changes.role;
        if (changes.disabled !== undefined) user.disabled = changes.disabled;
        if (passwordHash !== undefined) {
          user.passwordHash = passwordHash;
          user.tokenVersion += 1;
        }
        return { user: await manager.save(user), revoked: becomesDisabled };
      }),
    );
    // In force here at once; every instance's cache and sockets before this answers.
    this.cache.invalidate(user.id);
    await this.announce(user, revoked);
    return toUser(user);
  }

  /**
   * The user changes their own password: `current` must match (else 403). Answers the user
   * with the new token version; every older token stops working.
   */
  async changeOwnPassword(id: number, current: string, next: string): Promise<UserEntity> {
    const before = await this.require(this.users.manager, id);
    if (!(await this.hasher.verify(current, before.passwordHash))) {
      throw new ForbiddenException('current_password is wrong');
    }
    const passwordHash = await this.hasher.hash(next);
    const user = await this.serialized(() =>
      this.dataSource.transaction(async (manager) => {
        const user = await this.require(manager, id, true);
        // Checked against the hash `current` was verified with: a change meanwhile wins.
        if (user.passwordHash !== before.passwordHash) {
          throw new ConflictException('the password was changed meanwhile: sign in again');
        }
        if (user.disabled) throw new ForbiddenException('your account is disabled');
        user.passwordHash = passwordHash;
        user.tokenVersion += 1;
        return manager.save(user);
      }),
    );
    this.cache.invalidate(user.id);
    await this.announce(user, false);
    return user;
  }

  /** Deletes an account; nobody deletes themselves or the last enabled admin. */
  async remove(id: number, actor: AuthUser): Promise<void> {
    await this.serialized(() =>
      this.dataSource.transaction(async (manager) => {
        const admins = await this.lockEnabledAdmins(manager, actor);
        const user = await this.require(manager, id, true);
        if (user.id === actor.id) throw new ConflictException('you cannot delete your own account');
        if (user.role === 'admin' && !user.disabled) ensureAnotherAdmin(admins, user.id, 'delete');
        await manager.delete(UserEntity, { id: user.id });
      }),
    );
    this.cache.invalidate(id);
    await this.tell({ kind: 'user_revoked', user_id: id, reason: 'deleted' });
  }

  /**
   * Tells every instance's user cache and sockets what became of the user, and waits until
   * each has been told (EventBus.publishConfirmed).
   */
  private announce(user: UserEntity, revoked: boolean): Promise<void> {
    if (revoked) return this.tell({ kind: 'user_revoked', user_id: user.id, reason: 'disabled' });
    if (user.disabled) return Promise.resolve();
    return this.tell({
      kind: 'user_updated',
      user_id: user.id,
      role: user.role,
      token_version: user.tokenVersion,
    });
  }

  private async tell(message: Extract<BusMessage, { user_id: number }>): Promise<void> {
    try {
      await this.bus.publishConfirmed(message);
    } catch (error) {
      // The change is committed: a 500 would say otherwise. Without the bus (Redis away) other
      // instances' open sockets miss it; their handshakes and REST calls re-read the user.
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.warn(`${message.kind} of user ${message.user_id} not published: ${detail}`);
    }
  }

  private async require(manager: EntityManager, id: number, lock = false): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id },
      ...(lock && this.lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw new NotFoundException(`user ${id} not found`);
    return user;
  }

  /**
   * The enabled admins, row-locked on PostgreSQL. Every mutation takes these locks first
   * and in id order, so concurrent changes queue instead of deadlocking.
   */
  private async lockEnabledAdmins(manager: EntityManager, actor: AuthUser): Promise<UserEntity[]> {
    const admins = await manager.find(UserEntity, {
      where: { role: 'admin', disabled: false },
      order: { id: 'ASC' },
      ...(this.lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    // The guard checked the actor before this request queued; a concurrent change may have revoked them since.
    if (!admins.some((admin) => admin.id === actor.id)) {
      throw new ForbiddenException('your account is no longer an enabled admin');
    }
    return admins;
  }

  /** SQLite has no row locks (and serializes writers anyway). */
  private get lockable(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    return this.mutations.run(work);
  }
}

function ensureAnotherAdmin(
  enabledAdmins: UserEntity[],
  exceptId: number,
  action: 'delete' | 'disable' | 'demote',
): void {
  if (!enabledAdmins.some((admin) => admin.id !== exceptId)) {
    throw new ConflictException(`cannot ${action} the last enabled admin`);
  }
}
