import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { TokenService } from './token.service';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [JwtModule.register({}), UsersModule],
  controllers: [AuthController],
  providers: [TokenService, JwtStrategy, TokenVerifier, AuthService, LoginThrottle],
  exports: [TokenVerifier],
})
export class AuthModule {}
