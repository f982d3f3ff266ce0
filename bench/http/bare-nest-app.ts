/**
 * The polling baseline: a bare NestJS 12 app on Express with nothing but what the two
 * polling routes need: the same auth as Argus (passport-jwt guard, HS256 pinned, the
 * Bearer token Argus issued) and a JSON answer of the same size, serialized per request
 * as Nest does for Argus. No database, no validation pipe, no middleware.
 *
 *   tsx http/bare-nest-app.ts   (env: PORT, JWT_SECRET, BODIES = JSON file {statistics, events})
 *
 * Written without constructor injection: tsx (esbuild) emits no decorator metadata.
 */
import 'reflect-metadata';
import { createSecretKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { Controller, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

const secret = process.env.JWT_SECRET;
if (secret === undefined || secret.length < 32) throw new Error('JWT_SECRET (at least 32 characters) is required');
const bodies = JSON.parse(readFileSync(process.env.BODIES ?? '', 'utf8')) as { statistics: object; events: object };

interface Claims {
  sub: number;
  username: string;
  role: string;
}

@Injectable()
class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, as Argus passes (given the string, jsonwebtoken tries it as a PEM key
      // and throws on every verify): the baseline must not pay for what Argus avoids.
      secretOrKey: createSecretKey(Buffer.from(secret!, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  validate(claims: Claims): { id: number; username: string; role: string } {
    return { id: claims.sub, username: claims.username, role: claims.role };
  }
}

@Controller()
@UseGuards(AuthGuard('jwt'))
class PollingController {
  @Get('faces/statistics')
  statistics(): object {
    return bodies.statistics;
  }

  @Get('events')
  events(): object {
    return bodies.events;
  }
}

@Module({ imports: [PassportModule], controllers: [PollingController], providers: [JwtStrategy] })
class BareModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: ['error', 'warn'] });
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  const address = (app.getHttpServer() as Server).address() as { port: number };
  process.stdout.write(`READY ${address.port}\n`);
}

void bootstrap();
