import { UnauthorizedException } from '@nestjs/common';
import type { AuthUser } from '../common/auth-user';
import { TokenRejectedError, TokenService } from './token.service';

/**
 * The user of an `Authorization: Bearer <token>` header, for routes that take the token
 * besides another credential (and so are @Public to the global guard). 401 naming why.
 */
export async function bearerUser(tokens: TokenService, authorization: string | undefined): Promise<AuthUser> {
  if (authorization === undefined) throw new UnauthorizedException('Missing bearer token');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new UnauthorizedException('Malformed Authorization header');
  try {
    return await tokens.verify(match[1]);
  } catch (error) {
    if (error instanceof TokenRejectedError) throw new UnauthorizedException(error.message);
    throw error;
  }
}
