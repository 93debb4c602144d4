import { randomUUID } from 'node:crypto';

import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { GatewayError, GatewayErrorCode } from '../gateway.errors';
import { User } from './account.entities';

/** accounts.users as the profile routes read and change them (the password side: SessionRepository). */
@Injectable()
export class UserRepository {
  constructor(private readonly em: EntityManager) {}

  /** A new account, persisted with the caller's transaction (the registration's, which also announces it). */
  add(em: EntityManager, account: Pick<User, 'email' | 'username' | 'firstName' | 'lastName' | 'passwordHash'>): User {
    // Only an operator's command makes an admin (npm run admin).
    return em.create(User, { id: randomUUID(), ...account, lastLogin: new Date(), isAdmin: false });
  }

  get(userId: string): Promise<User> {
    return this.em.fork().findOneOrFail(User, userId);
  }

  /** Applies `change` to the user and saves it, in one unit of work; a username another account has is USERNAME_TAKEN. */
  async change(userId: string, change: (user: User) => void): Promise<User> {
    const em = this.em.fork();
    const user = await em.findOneOrFail(User, userId);
    change(user);
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new GatewayError(GatewayErrorCode.USERNAME_TAKEN, 'That username is taken');
      throw error;
    }
    return user;
  }
}
