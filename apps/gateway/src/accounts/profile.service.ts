import { Injectable } from '@nestjs/common';

import type { UpdateMeDto, UserDto } from '../auth/auth.dto';
import { UserRepository } from './user.repository';
import { toUserDto } from './user.mapper';

@Injectable()
export class ProfileService {
  constructor(private readonly users: UserRepository) {}

  async get(userId: string): Promise<UserDto> {
    return toUserDto(await this.users.get(userId));
  }

  /** Only names and username: the DTO whitelists them, and only they are copied. */
  async update(userId: string, changes: UpdateMeDto): Promise<UserDto> {
    const user = await this.users.change(userId, (user) => {
      if (changes.username !== undefined) user.username = changes.username;
      if (changes.firstName !== undefined) user.firstName = changes.firstName;
      if (changes.lastName !== undefined) user.lastName = changes.lastName;
    });
    return toUserDto(user);
  }
}
