import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiExtraModels, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';

import { DeleteNote, EditNote, GetMemorySettings, ListEmotions, ListNotes, SearchMemory, UpdateMemorySettings, type MemorySettingsView, type NoteView, type ResponseOf } from '@tandem/contracts';

import { CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  EditNoteDto,
  EmotionListDto,
  ListEmotionsQueryDto,
  ListNotesQueryDto,
  MemoryHitDto,
  MemorySearchDto,
  MemorySearchQueryDto,
  MemorySettingsDto,
  NoteDto,
  NoteListDto,
  UpdatedMemorySettingsDto,
  UpdateMemorySettingsDto,
} from './memory.dto';

const noteId = new UuidParamPipe();

/**
 * What Sentinel remembers about the caller: their notes (to read, correct or forget) and the
 * emotions read from their messages. Every request carries the caller's id from the token, so
 * another user's note is a 404 at sentinel, exactly like a missing one.
 */
@ApiTags('memory')
@ApiBearerAuth()
@ApiExtraModels(MemoryHitDto)
@ApiServiceUnavailableResponse({ description: 'sentinel did not answer in time' })
@Controller()
export class MemoryController {
  constructor(private readonly services: ServiceQueries) {}

  @Get('notes')
  @ApiOperation({ summary: 'The notes Sentinel keeps about me; with q, searched by words and meaning' })
  @ApiOkResponse({ type: NoteListDto })
  notes(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotesQueryDto): Promise<ResponseOf<typeof ListNotes>> {
    return this.services.ask(ListNotes, user.id, query);
  }

  @Get('memory/search')
  @ApiOperation({ summary: 'What Sentinel remembers that answers q: my notes and my own messages, best first (any of the words, and meaning)' })
  @ApiOkResponse({ type: MemorySearchDto })
  searchMemory(@CurrentUser() user: AuthenticatedUser, @Query() query: MemorySearchQueryDto): Promise<ResponseOf<typeof SearchMemory>> {
    return this.services.ask(SearchMemory, user.id, query);
  }

  @Get('memory/settings')
  @ApiOperation({ summary: 'My memory consents: may Sentinel keep health and emotion memories (both false until I say so)' })
  @ApiOkResponse({ type: MemorySettingsDto })
  memorySettings(@CurrentUser() user: AuthenticatedUser): Promise<MemorySettingsView> {
    return this.services.ask(GetMemorySettings, user.id, {});
  }

  @Put('memory/settings')
  @ApiOperation({ summary: 'Give or withdraw consent for health and emotion memories; withdrawing forgets what it covered' })
  @ApiOkResponse({ type: UpdatedMemorySettingsDto })
  updateMemorySettings(@CurrentUser() user: AuthenticatedUser, @Body() settings: UpdateMemorySettingsDto): Promise<ResponseOf<typeof UpdateMemorySettings>> {
    return this.services.ask(UpdateMemorySettings, user.id, settings);
  }

  @Patch('notes/:id')
  @ApiOperation({ summary: 'Correct a note' })
  @ApiOkResponse({ type: NoteDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The note is history (superseded)' })
  editNote(@CurrentUser() user: AuthenticatedUser, @Param('id', noteId) id: string, @Body() changes: EditNoteDto): Promise<NoteView> {
    return this.services.ask(EditNote, user.id, { noteId: id, ...changes });
  }

  @Delete('notes/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget a note: it is deleted, not archived' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async forgetNote(@CurrentUser() user: AuthenticatedUser, @Param('id', noteId) id: string): Promise<void> {
    await this.services.ask(DeleteNote, user.id, { noteId: id });
  }

  @Get('emotions')
  @ApiOperation({ summary: 'Emotions read from my messages, newest first, from <= createdAt < to' })
  @ApiOkResponse({ type: EmotionListDto })
  emotions(@CurrentUser() user: AuthenticatedUser, @Query() query: ListEmotionsQueryDto): Promise<ResponseOf<typeof ListEmotions>> {
    return this.services.ask(ListEmotions, user.id, query);
  }
}
