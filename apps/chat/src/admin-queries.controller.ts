import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  ActivatePrompt,
  CreateKnowledge,
  CreatePromptVersion,
  DeleteKnowledge,
  ListPrompts,
  ListPromptsV1,
  SearchKnowledge,
  SearchKnowledgeV1,
  UpdateKnowledge,
  type KnowledgeView,
  type PayloadOf,
  type PromptView,
  type ResponseOf,
} from '@tandem/contracts';
import { AnswerQuery } from '@tandem/messaging';

import { KnowledgeAdminService } from './knowledge/knowledge-admin.service';
import { PromptAdminService } from './prompts/prompt-admin.service';

/** The coach's prompts and knowledge base, for admins: the gateway lets only admins ask. */
@Controller()
export class AdminQueriesController {
  constructor(
    private readonly prompts: PromptAdminService,
    private readonly knowledge: KnowledgeAdminService,
  ) {}

  @AnswerQuery(ListPrompts)
  listPrompts(@Payload() request: PayloadOf<typeof ListPrompts>): Promise<ResponseOf<typeof ListPrompts>> {
    return this.prompts.list(request);
  }

  /** Version 1's callers get every version, without a cursor. */
  @AnswerQuery(ListPromptsV1)
  async listPromptsV1(@Payload() { coachingPhase }: PayloadOf<typeof ListPromptsV1>): Promise<ResponseOf<typeof ListPromptsV1>> {
    return { items: (await this.prompts.list({ coachingPhase })).items };
  }

  @AnswerQuery(CreatePromptVersion)
  createPrompt(@Payload() request: PayloadOf<typeof CreatePromptVersion>): Promise<PromptView> {
    return this.prompts.createVersion(request);
  }

  @AnswerQuery(ActivatePrompt)
  activatePrompt(@Payload() request: PayloadOf<typeof ActivatePrompt>): Promise<PromptView> {
    return this.prompts.activate(request);
  }

  @AnswerQuery(SearchKnowledge)
  searchKnowledge(@Payload() request: PayloadOf<typeof SearchKnowledge>): Promise<ResponseOf<typeof SearchKnowledge>> {
    return this.knowledge.find(request);
  }

  /** Version 1's callers get the first page, without its cursor. */
  @AnswerQuery(SearchKnowledgeV1)
  async searchKnowledgeV1(@Payload() request: PayloadOf<typeof SearchKnowledgeV1>): Promise<ResponseOf<typeof SearchKnowledgeV1>> {
    return { items: (await this.knowledge.find(request)).items };
  }

  @AnswerQuery(CreateKnowledge)
  createKnowledge(@Payload() request: PayloadOf<typeof CreateKnowledge>): Promise<KnowledgeView> {
    return this.knowledge.create(request);
  }

  @AnswerQuery(UpdateKnowledge)
  updateKnowledge(@Payload() request: PayloadOf<typeof UpdateKnowledge>): Promise<KnowledgeView> {
    return this.knowledge.update(request);
  }

  @AnswerQuery(DeleteKnowledge)
  deleteKnowledge(@Payload() { knowledgeId }: PayloadOf<typeof DeleteKnowledge>): Promise<ResponseOf<typeof DeleteKnowledge>> {
    return this.knowledge.remove(knowledgeId);
  }
}
