import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import {
  ActivatePrompt,
  CreateKnowledge,
  CreatePromptVersion,
  DeleteKnowledge,
  ListPrompts,
  SearchKnowledge,
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
  async listPrompts(@Payload() request: PayloadOf<typeof ListPrompts>): Promise<ResponseOf<typeof ListPrompts>> {
    return { items: await this.prompts.list(request) };
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
  async searchKnowledge(@Payload() request: PayloadOf<typeof SearchKnowledge>): Promise<ResponseOf<typeof SearchKnowledge>> {
    return { items: await this.knowledge.find(request) };
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
