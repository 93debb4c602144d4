import { Body, Controller, HttpCode, Post, Get, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentUser, Public, type AuthenticatedUser } from './auth.decorators';
import { AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto } from './auth.dto';
import { AuthService } from './auth.service';
import { csrfTokenFor, readCookie, SESSION_COOKIE, sessionCookie } from './browser-session';
import { BrowserSessionDto, StreamTicketDto } from './browser-session.dto';
import { StreamTickets } from './stream-tickets.service';

@ApiTags('auth')
@ApiTooManyRequestsResponse({ description: 'Rate limit exceeded; see Retry-After' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tickets: StreamTickets,
  ) {}

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

  @Public()
  @Post('browser/register')
  @ApiCreatedResponse({ type: BrowserSessionDto, description: 'The account, with its session in an httpOnly, SameSite=Strict cookie' })
  @ApiConflictResponse({ description: 'Email or username already taken' })
  async browserRegister(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: RegisterDto): Promise<BrowserSessionDto> {
    requireJson(request);
    return this.startBrowserSession(request, response, await this.auth.register(body));
  }

  @Public()
  @Post('browser/login')
  @HttpCode(200)
  @ApiOkResponse({ type: BrowserSessionDto, description: 'The account, with its session in an httpOnly, SameSite=Strict cookie' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password' })
  async browserLogin(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: LoginDto): Promise<BrowserSessionDto> {
    requireJson(request);
    return this.startBrowserSession(request, response, await this.auth.login(body));
  }

  @Get('browser/session')
  @ApiCookieAuth()
  @ApiOkResponse({ type: BrowserSessionDto, description: "The cookie session's account and CSRF token (a page that reloads asks here)" })
  @ApiUnauthorizedResponse({ description: 'No live session cookie' })
  async browserSession(@CurrentUser() user: AuthenticatedUser, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<BrowserSessionDto> {
    response.setHeader('Cache-Control', 'no-store');
    const token = readCookie(request.headers.cookie, SESSION_COOKIE) ?? '';
    return { user: await this.auth.currentUser(user.id), csrfToken: token ? csrfTokenFor(token) : '', expiresAt: null };
  }

  @Post('browser/logout')
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiNoContentResponse({ description: 'The session is revoked and its cookie cleared' })
  @ApiForbiddenResponse({ description: 'The X-CSRF-Token header is missing or wrong' })
  async browserLogout(@CurrentUser() user: AuthenticatedUser, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(user);
    response.setHeader('Set-Cookie', sessionCookie('', 0, request.secure));
  }

  @Post('stream-tickets')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiCreatedResponse({ type: StreamTicketDto, description: 'A single-use ticket that opens GET /v1/events?ticket= within STREAM_TICKET_TTL_SECONDS' })
  streamTicket(@CurrentUser() user: AuthenticatedUser): Promise<StreamTicketDto> {
    return this.tickets.issue(user);
  }

  private startBrowserSession(request: Request, response: Response, session: AuthResponseDto): BrowserSessionDto {
    const maxAge = (new Date(session.expiresAt).getTime() - Date.now()) / 1_000;
    response.setHeader('Set-Cookie', sessionCookie(session.token, maxAge, request.secure));
    response.setHeader('Cache-Control', 'no-store');
    return { user: session.user, csrfToken: csrfTokenFor(session.token), expiresAt: session.expiresAt };
  }
}

/** A cross-site HTML form cannot send JSON, so a login from another site's form is refused (login CSRF). */
function requireJson(request: Request): void {
  if (!request.is('application/json')) throw new UnsupportedMediaTypeException('Send the body as application/json');
}
