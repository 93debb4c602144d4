import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { IS_PUBLIC } from '@tandem/service';

import { ADMIN_ONLY, ALLOW_DURING_ERASURE, type AuthenticatedUser } from './auth.decorators';
import { AuthService } from './auth.service';

/** Global guard: every route needs a valid bearer token unless it is marked @Public(), and an admin's for @AdminOnly(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('A bearer token is required');
    const session = await this.auth.authenticate(token);
    if (!session) throw new UnauthorizedException('The token is invalid or has expired');
    if (session.erasing && !this.reflector.getAllAndOverride<boolean>(ALLOW_DURING_ERASURE, targets)) {
      throw new ForbiddenException('This account is being deleted');
    }
    if (!session.user.isAdmin && this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets)) throw new ForbiddenException('This route is for admins');
    request.user = session.user;
    return true;
  }
}
