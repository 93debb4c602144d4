import { Body, Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse, ApiOperation } from '@nestjs/swagger';

import { AllowDuringErasure, CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ConfirmPasswordDto, UpdateMeDto, UserDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { ErasureService } from './erasure.service';
import { ErasureStatusDto } from './me.dto';
import { ProfileService } from './profile.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly profile: ProfileService,
    private readonly erasure: ErasureService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My account' })
  @ApiOkResponse({ type: UserDto })
  get(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.profile.get(user.id);
  }

  @Patch()
  @ApiOperation({ summary: 'Change my username or names' })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateMeDto): Promise<UserDto> {
    return this.profile.update(user.id, body);
  }

  @Delete()
  @ApiOperation({ summary: 'Delete my account (erasure across every service)' })
  @HttpCode(202)
  @AllowDuringErasure()
  @ApiAcceptedResponse({ type: ErasureStatusDto, description: 'Erasure started; follow it at GET /v1/me/erasure' })
  @ApiUnauthorizedResponse({ description: 'The password is wrong' })
  async delete(@CurrentUser() user: AuthenticatedUser, @Body() body: ConfirmPasswordDto): Promise<ErasureStatusDto> {
    await this.auth.confirmPassword(user.id, body.password);
    return this.erasure.request(user.id);
  }

  @Get('erasure')
  @ApiOperation({ summary: "How far my account's erasure has come" })
  @AllowDuringErasure()
  @ApiOkResponse({ type: ErasureStatusDto })
  erasureStatus(@CurrentUser() user: AuthenticatedUser): Promise<ErasureStatusDto> {
    return this.erasure.status(user.id);
  }
}
