import { ListCoachActions, RateConversation, StartConversation } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// chat's session contracts (libs/contracts) are the schemas: the caller's id comes from the token, a conversation's from the path.
export class StartConversationDto extends RequestDto(StartConversation.payload.omit({ userId: true })) {}
export class ConversationFeedbackDto extends RequestDto(RateConversation.payload.omit({ userId: true, conversationId: true })) {}
export class ListCoachActionsQueryDto extends RequestDto(ListCoachActions.payload.omit({ userId: true })) {}

export class CoachActionPageDto extends ResponseDto(ListCoachActions.response) {}
