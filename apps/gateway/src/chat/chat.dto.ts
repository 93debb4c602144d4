import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

import { ACTION_STATUSES, CHAT_ROLES, COACH_ACTION_TYPES, COACHING_PHASES, SESSION_TYPES } from '@tandem/contracts';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PostChatMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, example: 'I want to feel calmer when I lead my team.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'content must not be empty' })
  @MaxLength(4000)
  content!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the open conversation (a new one when none is open)' })
  @IsOptional()
  @IsUUID()
  conversationId?: string;
}

class PageQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListChatMessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  conversationId?: string;

  @ApiPropertyOptional({ description: 'Full-text search; best match first', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class ListConversationsQueryDto extends PageQueryDto {}

export class PostedChatMessageDto {
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiPropertyOptional({ description: "true when the Idempotency-Key was used before: these are the first request's ids and nothing new was stored" })
  replayed?: boolean;
}

export class ChatMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: CHAT_ROLES }) role!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) inReplyTo!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CoachActionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: COACH_ACTION_TYPES }) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters!: Record<string, unknown>;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) result!: Record<string, unknown> | null;
}

/** A listed message: a coach message with the actions it took, in order. */
export class ListedChatMessageDto extends ChatMessageDto {
  @ApiPropertyOptional({ type: () => [CoachActionDto], description: "A coach message's actions, in order (absent on the user's messages)" }) actions?: CoachActionDto[];
}

export class ChatMessagePageDto {
  @ApiProperty({ type: [ListedChatMessageDto] }) items!: ListedChatMessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ConversationFeedbackViewDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: SESSION_TYPES }) sessionType!: string;
  @ApiProperty({ enum: COACHING_PHASES }) phase!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) lastMessageAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiPropertyOptional({ type: ConversationFeedbackViewDto, nullable: true, description: 'My satisfaction with the session, when I gave it' }) feedback?: ConversationFeedbackViewDto | null;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
