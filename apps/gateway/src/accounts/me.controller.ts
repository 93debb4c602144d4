import { Body, Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';

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
  @ApiOkResponse({ type: UserDto })
  get(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.profile.get(user.id);
  }

  @Patch()
  @ApiOkResponse({ type: UserDto })
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateMeDto): Promise<UserDto> {
    return this.profile.update(user.id, body);
  }

  @Delete()
  @HttpCode(202)
  @AllowDuringErasure()
  @ApiAcceptedResponse({ type: ErasureStatusDto, description: 'Erasure started; follow it at GET /v1/me/erasure' })
  @ApiUnauthorizedResponse({ description: 'The password is wrong' })
  async delete(@CurrentUser() user: AuthenticatedUser, @Body() body: ConfirmPasswordDto): Promise<ErasureStatusDto> {
    await this.auth.confirmPassword(user.id, body.password);
    return this.erasure.request(user.id);
  }

  @Get('erasure')
  @AllowDuringErasure()
  @ApiOkResponse({ type: ErasureStatusDto })
  erasureStatus(@CurrentUser() user: AuthenticatedUser): Promise<ErasureStatusDto> {
    return this.erasure.status(user.id);
  }
}
