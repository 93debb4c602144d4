import { randomUUID } from 'node:crypto';

import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { ConflictException, HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';

import { UserRegistered } from '@tandem/contracts';
import { MessageBus } from '@tandem/messaging';

import { Session, User } from '../accounts/account.entities';
import { toUserDto } from '../accounts/user.mapper';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { RateLimitRepository } from '../http/rate-limit.repository';
import type { AuthenticatedUser } from './auth.decorators';
import type { AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto, UserDto } from './auth.dto';
import { SessionRevocations } from './session-revocations';
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, newToken, verifyPassword } from './credentials';

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** 429 for an account that failed to log in too often; the error filter sends Retry-After. */
export class TooManyLoginAttempts extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins for this account; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly bus: MessageBus,
    private readonly rateLimits: RateLimitRepository,
    private readonly revocations: SessionRevocations,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async register(input: RegisterDto): Promise<AuthResponseDto> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.bus.transaction(async ({ em, emit }) => {
        const user = em.create(User, {
          id: randomUUID(),
          email: input.email,
          username: input.username ?? null,
          firstName: input.firstName ?? null,
          lastName: input.lastName ?? null,
          passwordHash,
          lastLogin: new Date(),
          isAdmin: false, // only an operator's command makes an admin (npm run admin)
        });
        emit(UserRegistered, { userId: user.id }, { userId: user.id });
        return this.startSession(em, user);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ConflictException(/username/.test(error.message) ? 'That username is taken' : 'An account with that email already exists');
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
    const em = this.em.fork();
    const user = await em.findOne(User, { email: input.email }, { populate: ['passwordHash'] });
    // Verify against a dummy hash for unknown emails: the same work, so timing reveals nothing.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !valid || user.deletionRequestedAt) {
      await this.rateLimits.loginFailed(input.email);
      throw new UnauthorizedException('Wrong email or password');
    }
    await this.rateLimits.loginSucceeded(input.email);
    user.lastLogin = new Date();
    const response = this.startSession(em, user);
    await em.flush();
    return response;
  }

  async logout(user: AuthenticatedUser): Promise<void> {
    await this.em.fork().nativeUpdate(Session, { id: user.sessionId, revokedAt: null }, { revokedAt: new Date() });
    this.revocations.announce(user.id, [user.sessionId]);
  }

  /** Ends every session of the user, this one included. */
  async logoutEverywhere(userId: string): Promise<void> {
    await this.em.fork().nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: new Date() });
    this.revocations.announce(userId);
  }

  /** A new password, after the current one; every other session ends (a thief's too). */
  async changePassword(user: AuthenticatedUser, { currentPassword, newPassword }: ChangePasswordDto): Promise<void> {
    await this.confirmPassword(user.id, currentPassword);
    const passwordHash = await hashPassword(newPassword);
    const ended = await this.em.fork().transactional(async (tx) => {
      await tx.nativeUpdate(User, { id: user.id }, { passwordHash });
      const others = (await tx.find(Session, { user: user.id, revokedAt: null, id: { $ne: user.sessionId } }, { fields: ['id'] })).map((session) => session.id);
      if (others.length) await tx.nativeUpdate(Session, { id: { $in: others } }, { revokedAt: new Date() });
      return others;
    });
    if (ended.length) this.revocations.announce(user.id, ended);
  }

  /** 401 unless `password` is the user's. */
  async confirmPassword(userId: string, password: string): Promise<void> {
    const user = await this.em.fork().findOne(User, { id: userId }, { populate: ['passwordHash'] });
    if (!user || !(await verifyPassword(password, user.passwordHash))) throw new UnauthorizedException('The password is wrong');
  }

  /** Whether a session may still be used: not revoked, not expired, its account not being erased. */
  async isLive(sessionId: string): Promise<boolean> {
    const session = await this.em.fork().findOne(Session, { id: sessionId, revokedAt: null, expiresAt: { $gt: new Date() } }, { populate: ['user'] });
    return session !== null && session.user.deletionRequestedAt === null;
  }

  /** The caller behind a token, or null when the token is unknown, revoked or expired. */
  authenticate(token: string): Promise<{ user: AuthenticatedUser; erasing: boolean } | null> {
    return this.authenticateSession({ tokenHash: hashToken(token) });
  }

  /** The caller behind a live session found by id (a redeemed stream ticket's) or token hash. */
  async authenticateSession(by: { id: string } | { tokenHash: string }): Promise<{ user: AuthenticatedUser; erasing: boolean } | null> {
    const em = this.em.fork();
    const session = await em.findOne(Session, { ...by, revokedAt: null, expiresAt: { $gt: new Date() } }, { populate: ['user'] });
    if (!session) return null;
    const now = new Date();
    if (!session.user.lastSeenAt || now.getTime() - session.user.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await em.nativeUpdate(User, { id: session.user.id }, { lastSeenAt: now });
    }
    return { user: { id: session.user.id, isAdmin: session.user.isAdmin, sessionId: session.id, firstName: session.user.firstName ?? null }, erasing: session.user.deletionRequestedAt !== null };
  }

  /** The account behind a live session, for a browser that reloads its page. */
  async currentUser(userId: string): Promise<UserDto> {
    const user = await this.em.fork().findOneOrFail(User, { id: userId });
    return toUserDto(user);
  }

  private startSession(em: EntityManager, user: User): AuthResponseDto {
    const { token, tokenHash } = newToken();
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000);
    em.create(Session, { id: randomUUID(), user, tokenHash, expiresAt });
    return { user: toUserDto(user), token, expiresAt: expiresAt.toISOString() };
  }
}
