import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

import type { AuthenticatedUser } from '../auth/auth.decorators';

/**
 * Per user when a token identified one, per IP otherwise (auth routes). Counters live in this
 * replica's memory: with N gateway replicas behind a balancer the effective limit is up to N times
 * higher; a shared store (Redis) is the next step when that matters.
 */
@Injectable()
export class ThrottleGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user as AuthenticatedUser | undefined;
    return user ? `user:${user.id}` : `ip:${String(request.ip)}`;
  }
}

export function isAuthRoute(context: ExecutionContext): boolean {
  return context.switchToHttp().getRequest<{ path?: string }>().path?.startsWith('/v1/auth/') ?? false;
}
