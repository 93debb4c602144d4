import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { CurrentUser, Public, type AuthenticatedUser } from './auth.decorators';
import { AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@ApiTooManyRequestsResponse({ description: 'Rate limit exceeded; see Retry-After' })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiConflictResponse({ description: 'Email or username already taken' })
  register(@Body() body: RegisterDto): Promise<AuthResponseDto> {
    return this.auth.register(body);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  login(@Body() body: LoginDto): Promise<AuthResponseDto> {
    return this.auth.login(body);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The token is revoked' })
  logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.auth.logout(user);
  }

  @Post('logout-everywhere')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Every token of the account is revoked, this one included; open event streams close' })
  logoutEverywhere(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.auth.logoutEverywhere(user.id);
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The password is changed; every other session of the account ends' })
  @ApiUnauthorizedResponse({ description: 'The current password is wrong' })
  changePassword(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, body);
  }
}
