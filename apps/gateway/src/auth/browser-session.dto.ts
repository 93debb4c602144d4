import { ApiProperty } from '@nestjs/swagger';

import { UserDto } from './auth.dto';

/** A browser's session: the token stays in the httpOnly cookie; the page gets only the CSRF token. */
export class BrowserSessionDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'Send as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE made with the session cookie' }) csrfToken!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the session ends (null when not known to this call)' }) expiresAt!: string | null;
}

export class StreamTicketDto {
  @ApiProperty({ description: 'Opens one event stream: GET /v1/events?ticket=…' }) ticket!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
