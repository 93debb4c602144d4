import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

/** The authenticated caller, resolved by AuthGuard from a bearer token, the session cookie or a stream ticket. */
export interface AuthenticatedUser {
  id: string;
  isAdmin: boolean;
  sessionId: string;
  /** The account's first name, when the user gave one. */
  firstName: string | null;
}

export { IS_PUBLIC, Public } from '@tandem/service';
export const ALLOW_DURING_ERASURE = 'tandem:allow-during-erasure';

export const ADMIN_ONLY = 'tandem:admin-only';

/** A route (or controller) only admins may call; others get a 403. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export const STREAM_TICKET_ALLOWED = 'tandem:stream-ticket-allowed';

/** A route (the event stream) that also accepts a single-use stream ticket as `?ticket=`. */
export const StreamTicketAllowed = () => SetMetadata(STREAM_TICKET_ALLOWED, true);

/** A route a user whose account is being erased may still call (to watch the erasure). */
export const AllowDuringErasure = () => SetMetadata(ALLOW_DURING_ERASURE, true);

/**
 * The one way a route learns who is calling: from the token, never from the body or path.
 * Pass `user.id` on to services, which answer 404 for anything that belongs to someone else.
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});
