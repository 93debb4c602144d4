import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

import { AuthController } from '../auth/auth.controller';
import type { AuthenticatedUser } from '../auth/auth.decorators';

/**
 * Per user when a token identified one, per IP otherwise (auth routes). Counters live in
 * PostgreSQL (RateLimitRepository), so every gateway replica counts the same requests.
 */
@Injectable()
export class ThrottleGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user as AuthenticatedUser | undefined;
    return user ? `user:${user.id}` : `ip:${String(request.ip)}`;
  }
}

/** By the route's controller, not its path: `/V1/AUTH/LOGIN/` is the same route, with the same limit. */
export function isAuthRoute(context: ExecutionContext): boolean {
  return context.getClass() === AuthController;
}
