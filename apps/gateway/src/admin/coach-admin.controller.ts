import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ActivatePrompt, CreateKnowledge, CreatePromptVersion, DeleteKnowledge, ListPrompts, SearchKnowledge, UpdateKnowledge, type ResponseOf } from '@tandem/contracts';

import { AdminOnly, CurrentUser, type AuthenticatedUser } from '../auth/auth.decorators';
import { ServiceQueries } from '../http/service-queries';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateKnowledgeDto, CreatePromptDto, KnowledgeDto, KnowledgeSearchDto, ListPromptsQueryDto, PromptDto, PromptListDto, SearchKnowledgeQueryDto, UpdateKnowledgeDto } from './coach-admin.dto';

const uuid = new UuidParamPipe();

/** What shapes the coach: its prompts per phase and its knowledge base (chat owns both). Admins only. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The caller is not an admin (an operator grants it: npm run admin -- grant <email>)' })
@AdminOnly()
@Controller('admin')
export class CoachAdminController {
  constructor(private readonly services: ServiceQueries) {}

  @Get('prompts')
  @ApiOperation({ summary: "The coach's prompts, every version per phase, a page at a time" })
  @ApiOkResponse({ type: PromptListDto })
  prompts(@CurrentUser() admin: AuthenticatedUser, @Query() query: ListPromptsQueryDto): Promise<ResponseOf<typeof ListPrompts>> {
    return this.services.ask(ListPrompts, admin.id, query);
  }

  @Post('prompts')
  @ApiOperation({ summary: "A new version of a phase's prompt" })
  @ApiCreatedResponse({ type: PromptDto })
  createPrompt(@CurrentUser() admin: AuthenticatedUser, @Body() body: CreatePromptDto): Promise<ResponseOf<typeof CreatePromptVersion>> {
    return this.services.ask(CreatePromptVersion, admin.id, body);
  }

  @Post('prompts/:id/activate')
  @ApiOperation({ summary: 'Make a prompt version the active one of its phase' })
  @ApiOkResponse({ type: PromptDto, description: 'The prompt, now active; the version it replaced is not' })
  @HttpCode(200)
  @ApiNotFoundResponse()
  activatePrompt(@CurrentUser() admin: AuthenticatedUser, @Param('id', uuid) id: string): Promise<ResponseOf<typeof ActivatePrompt>> {
    return this.services.ask(ActivatePrompt, admin.id, { promptId: id });
  }

  @Get('knowledge')
  @ApiOperation({ summary: 'Search the knowledge base by meaning (q), or list the newest, a page at a time' })
  @ApiOkResponse({ type: KnowledgeSearchDto, description: 'Best match first with q (distance set), else newest first (distance null)' })
  searchKnowledge(@CurrentUser() admin: AuthenticatedUser, @Query() query: SearchKnowledgeQueryDto): Promise<ResponseOf<typeof SearchKnowledge>> {
    return this.services.ask(SearchKnowledge, admin.id, query);
  }

  @Post('knowledge')
  @ApiOperation({ summary: "Add a passage to the coach's knowledge base" })
  @ApiCreatedResponse({ type: KnowledgeDto })
  createKnowledge(@CurrentUser() admin: AuthenticatedUser, @Body() body: CreateKnowledgeDto): Promise<ResponseOf<typeof CreateKnowledge>> {
    return this.services.ask(CreateKnowledge, admin.id, body);
  }

  @Patch('knowledge/:id')
  @ApiOperation({ summary: 'Edit a knowledge passage' })
  @ApiOkResponse({ type: KnowledgeDto })
  @ApiNotFoundResponse()
  updateKnowledge(@CurrentUser() admin: AuthenticatedUser, @Param('id', uuid) id: string, @Body() body: UpdateKnowledgeDto): Promise<ResponseOf<typeof UpdateKnowledge>> {
    return this.services.ask(UpdateKnowledge, admin.id, { knowledgeId: id, ...body });
  }

  @Delete('knowledge/:id')
  @ApiOperation({ summary: 'Delete a knowledge passage' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @HttpCode(204)
  @ApiNotFoundResponse()
  async deleteKnowledge(@CurrentUser() admin: AuthenticatedUser, @Param('id', uuid) id: string): Promise<void> {
    await this.services.ask(DeleteKnowledge, admin.id, { knowledgeId: id });
  }
}
