import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { UpdateMeDto, UserDto } from '../auth/auth.dto';
import { GatewayError, GatewayErrorCode } from '../gateway.errors';
import { User } from './account.entities';
import { toUserDto } from './user.mapper';

@Injectable()
export class ProfileService {
  constructor(private readonly em: EntityManager) {}

  async get(userId: string): Promise<UserDto> {
    return toUserDto(await this.em.fork().findOneOrFail(User, userId));
  }

  /** Only names and username: the DTO whitelists them, and only they are copied. */
  async update(userId: string, changes: UpdateMeDto): Promise<UserDto> {
    const em = this.em.fork();
    const user = await em.findOneOrFail(User, userId);
    if (changes.username !== undefined) user.username = changes.username;
    if (changes.firstName !== undefined) user.firstName = changes.firstName;
    if (changes.lastName !== undefined) user.lastName = changes.lastName;
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new GatewayError(GatewayErrorCode.USERNAME_TAKEN, 'That username is taken');
      throw error;
    }
    return toUserDto(user);
  }
}
