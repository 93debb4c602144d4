import { AnswerConnectionRequest, ListIncomingConnections, ListSuggestions, RequestSuggestions, RespondToSuggestion } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// team-connections' contracts (libs/contracts) are the schemas: the caller's id comes from the token.
export class ListSuggestionsQueryDto extends RequestDto(ListSuggestions.payload.omit({ userId: true })) {}
export class ListIncomingConnectionsQueryDto extends RequestDto(ListIncomingConnections.payload.omit({ userId: true })) {}
export class RequestSuggestionsDto extends RequestDto(RequestSuggestions.payload.omit({ userId: true })) {}

export class SuggestionDto extends ResponseDto(RespondToSuggestion.response) {}
export class SuggestionListDto extends ResponseDto(ListSuggestions.response) {}
/** The suggestions one request made: all of them, no pages. */
export class MadeSuggestionsDto extends ResponseDto(RequestSuggestions.response) {}
export class IncomingConnectionDto extends ResponseDto(AnswerConnectionRequest.response) {}
export class IncomingConnectionListDto extends ResponseDto(ListIncomingConnections.response) {}
