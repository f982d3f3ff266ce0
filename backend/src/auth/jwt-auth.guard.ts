import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@argus/shared';
import type { AuthUser } from '../common/auth-user';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../common/decorators';
import { TokenVerifier } from './token-verifier';

/** The global guard: every route needs a valid Bearer token unless marked @Public(); @Roles() narrows it. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    // A refused token throws TokenRejectedError: 401 with its reason.
    const user = await this.verifier.authenticate({ via: 'header', request });
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && roles.length > 0 && !roles.includes(user.role)) {
      throw new ForbiddenException(`requires role ${roles.join(' or ')}`);
    }
    return true;
  }
}
