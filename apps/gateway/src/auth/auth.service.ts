import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { UserRegistered } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';

import type { User } from '../accounts/account.entities';
import { UserRepository } from '../accounts/user.repository';
import { toUserDto } from '../accounts/user.mapper';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { GatewayError, GatewayErrorCode } from '../gateway.errors';
import { RateLimitRepository } from '../http/rate-limit.repository';
import type { AuthenticatedUser } from './auth.decorators';
import type { AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto, UserDto } from './auth.dto';
import { SessionRepository, type SessionKey } from './session.repository';
import { SessionRevocations } from './session-revocations';
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, newToken, verifyPassword } from './credentials';

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** 429 for an account that failed to log in too often; the error filter sends Retry-After. */
export class TooManyLoginAttempts extends GatewayError {
  constructor(readonly retryAfterSeconds: number) {
    super(GatewayErrorCode.TOO_MANY_LOGINS, `Too many failed logins for this account; try again in ${retryAfterSeconds} s`);
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly bus: MessageBus,
    private readonly rateLimits: RateLimitRepository,
    private readonly revocations: SessionRevocations,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async register(input: RegisterDto): Promise<AuthResponseDto> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.bus.transaction(async ({ em, emit }) => {
        const user = this.users.add(em, { email: input.email, username: input.username ?? null, firstName: input.firstName ?? null, lastName: input.lastName ?? null, passwordHash });
        emit(UserRegistered, { userId: user.id }, { userId: user.id });
        return this.startSession(em, user);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw /username/.test(error.message)
          ? new GatewayError(GatewayErrorCode.USERNAME_TAKEN, 'That username is taken')
          : new GatewayError(GatewayErrorCode.EMAIL_TAKEN, 'An account with that email already exists');
      }
      throw error;
    }
  }

  /**
   * After LOGIN_FREE_FAILURES wrong passwords in a row, an account waits before each next attempt
   * (doubling), whichever replica or address the attempts come from; unknown emails too, so the
   * answer reveals nothing.
   */
  async login(input: LoginDto): Promise<AuthResponseDto> {
    const wait = await this.rateLimits.loginWait(input.email);
    if (wait > 0) throw new TooManyLoginAttempts(wait);
    const user = await this.sessions.findWithPassword({ email: input.email });
    // Verify against a dummy hash for unknown emails: the same work, so timing reveals nothing.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !valid || user.deletionRequestedAt) {
      await this.rateLimits.loginFailed(input.email);
      throw new GatewayError(GatewayErrorCode.WRONG_CREDENTIALS, 'Wrong email or password');
    }
    await this.rateLimits.loginSucceeded(input.email);
    const { token, tokenHash, expiresAt } = this.newSessionToken();
    await this.sessions.recordLogin(user.id, tokenHash, expiresAt);
    return { user: toUserDto(user), token, expiresAt: expiresAt.toISOString() };
  }

  async logout(user: AuthenticatedUser): Promise<void> {
    await this.sessions.revoke(user.sessionId);
    this.revocations.announce(user.id, [user.sessionId]);
  }

  /** Ends every session of the user, this one included. */
  async logoutEverywhere(userId: string): Promise<void> {
    await this.sessions.revokeAllOf(userId);
    this.revocations.announce(userId);
  }

  /** A new password, after the current one; every other session ends (a thief's too). */
  async changePassword(user: AuthenticatedUser, { currentPassword, newPassword }: ChangePasswordDto): Promise<void> {
    await this.confirmPassword(user.id, currentPassword);
    const passwordHash = await hashPassword(newPassword);
    const ended = await this.sessions.changePassword(user.id, passwordHash, user.sessionId);
    if (ended.length) this.revocations.announce(user.id, ended);
  }

  /** 401 unless `password` is the user's. */
  async confirmPassword(userId: string, password: string): Promise<void> {
    const user = await this.sessions.findWithPassword({ id: userId });
    if (!user || !(await verifyPassword(password, user.passwordHash))) throw new GatewayError(GatewayErrorCode.WRONG_PASSWORD, 'The password is wrong');
  }

  /** Whether a session may still be used: not revoked, not expired, its account not being erased. */
  async isLive(sessionId: string): Promise<boolean> {
    const session = await this.sessions.findLive({ id: sessionId });
    return session !== null && session.user.deletionRequestedAt === null;
  }

  /** The caller behind a token, or null when the token is unknown, revoked or expired. */
  authenticate(token: string): Promise<{ user: AuthenticatedUser; erasing: boolean } | null> {
    return this.authenticateSession({ tokenHash: hashToken(token) });
  }

  /** The caller behind a live session found by id (a redeemed stream ticket's) or token hash. */
  async authenticateSession(by: SessionKey): Promise<{ user: AuthenticatedUser; erasing: boolean } | null> {
    const session = await this.sessions.findLive(by);
    if (!session) return null;
    const now = new Date();
    if (!session.user.lastSeenAt || now.getTime() - session.user.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.sessions.touchLastSeen(session.user.id, now);
    }
    return { user: { id: session.user.id, isAdmin: session.user.isAdmin, sessionId: session.id, firstName: session.user.firstName ?? null }, erasing: session.user.deletionRequestedAt !== null };
  }

  /** The account behind a live session, for a browser that reloads its page. */
  async currentUser(userId: string): Promise<UserDto> {
    return toUserDto(await this.users.get(userId));
  }

  /** A session in the caller's transaction (the registration's). */
  private startSession(em: EntityManager, user: User): AuthResponseDto {
    const { token, tokenHash, expiresAt } = this.newSessionToken();
    this.sessions.start(em, user, tokenHash, expiresAt);
    return { user: toUserDto(user), token, expiresAt: expiresAt.toISOString() };
  }

  private newSessionToken(): { token: string; tokenHash: string; expiresAt: Date } {
    return { ...newToken(), expiresAt: new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000) };
  }
}
