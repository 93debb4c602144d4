import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { IS_PUBLIC } from '@tandem/service';

import { ADMIN_ONLY, ALLOW_DURING_ERASURE, STREAM_TICKET_ALLOWED, type AuthenticatedUser } from './auth.decorators';
import { AuthService } from './auth.service';
import { CSRF_HEADER, csrfTokenMatches, isSafeMethod, readCookie, SESSION_COOKIE } from './browser-session';
import { StreamTickets } from './stream-tickets.service';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  user?: AuthenticatedUser;
}

/**
 * Global guard: every route needs a caller unless it is marked @Public(), and an admin for
 * @AdminOnly(). The caller comes from, in order: `Authorization: Bearer` (API clients); the
 * httpOnly session cookie (browsers), with `X-CSRF-Token` on every unsafe method; a single-use
 * `?ticket=` on routes marked @StreamTicketAllowed() (EventSource).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly tickets: StreamTickets,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const session = await this.caller(request, this.reflector.getAllAndOverride<boolean>(STREAM_TICKET_ALLOWED, targets) ?? false);
    if (session.erasing && !this.reflector.getAllAndOverride<boolean>(ALLOW_DURING_ERASURE, targets)) {
      throw new ForbiddenException('This account is being deleted');
    }
    if (!session.user.isAdmin && this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets)) throw new ForbiddenException('This route is for admins');
    request.user = session.user;
    return true;
  }

  private async caller(request: GuardedRequest, ticketAllowed: boolean): Promise<{ user: AuthenticatedUser; erasing: boolean }> {
    const authorization = request.headers.authorization;
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('A bearer token is required');
      return this.found(await this.auth.authenticate(token));
    }
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie) {
      // A cross-site page can make the browser send the cookie, but cannot read or derive the token.
      if (!isSafeMethod(request.method) && !csrfTokenMatches(cookie, request.headers[CSRF_HEADER])) {
        throw new ForbiddenException('A valid X-CSRF-Token header is required with the session cookie');
      }
      return this.found(await this.auth.authenticate(cookie));
    }
    const ticket = request.query?.ticket;
    if (ticketAllowed && typeof ticket === 'string' && ticket) {
      const sessionId = await this.tickets.redeem(ticket);
      if (!sessionId) throw new UnauthorizedException('The stream ticket is invalid, used or expired');
      return this.found(await this.auth.authenticateSession({ id: sessionId }));
    }
    throw new UnauthorizedException('A bearer token is required');
  }

  private found<T>(session: T | null): T {
    if (!session) throw new UnauthorizedException('The token is invalid or has expired');
    return session;
  }
}
