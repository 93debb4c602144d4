import { ActivatePrompt, CreateKnowledge, CreatePromptVersion, ListPrompts, SearchKnowledge, UpdateKnowledge } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// chat's admin contracts (libs/contracts) are the schemas: the admin's id comes from the token, a prompt's or passage's from the path.
export class ListPromptsQueryDto extends RequestDto(ListPrompts.payload.omit({ userId: true })) {}
export class CreatePromptDto extends RequestDto(CreatePromptVersion.payload.omit({ userId: true })) {}
export class CreateKnowledgeDto extends RequestDto(CreateKnowledge.payload.omit({ userId: true })) {}
export class UpdateKnowledgeDto extends RequestDto(UpdateKnowledge.payload.omit({ userId: true, knowledgeId: true })) {}
export class SearchKnowledgeQueryDto extends RequestDto(SearchKnowledge.payload.omit({ userId: true })) {}

export class PromptDto extends ResponseDto(ActivatePrompt.response) {}
export class PromptListDto extends ResponseDto(ListPrompts.response) {}
export class KnowledgeDto extends ResponseDto(CreateKnowledge.response) {}
export class KnowledgeSearchDto extends ResponseDto(SearchKnowledge.response) {}
