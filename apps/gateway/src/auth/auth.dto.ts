import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { IsContractEmail } from '../http/body-limits';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,32}$/;

export class RegisterDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsContractEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, example: 'correct horse battery staple' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ example: 'ada', pattern: USERNAME_PATTERN.source })
  @IsOptional()
  @Transform(trim)
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-32 letters, digits, dots, dashes or underscores' })
  username?: string;

  @ApiPropertyOptional({ example: 'Ada', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional({ example: 'Lovelace', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  lastName?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @Transform(lowerTrim)
  @IsContractEmail()
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

/** Deleting an account asks for its password: a stolen token alone cannot erase someone. */
export class ConfirmPasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'ada', pattern: USERNAME_PATTERN.source })
  @IsOptional()
  @Transform(trim)
  @Matches(USERNAME_PATTERN, { message: 'username must be 3-32 letters, digits, dots, dashes or underscores' })
  username?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  lastName?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLogin!: string | null;
}

export class AuthResponseDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
