import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../common/decorators';

/** The global guard: every route needs a valid Bearer token unless marked @Public(); @Roles() narrows it. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (!roles.includes(user.role)) throw new ForbiddenException(`requires role ${roles.join(' or ')}`);
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error instanceof Error ? error : new UnauthorizedException();
    if (!user) {
      const message =
        info instanceof Error ? (info.name === 'TokenExpiredError' ? 'Token expired' : info.message) : 'Unauthorized';
      throw new UnauthorizedException(message === 'No auth token' ? 'Missing bearer token' : message);
    }
    return user;
  }
}
