import { EndConversation, ListChatMessages, ListConversations, PostChatMessage, listedChatMessageView } from '@tandem/contracts';

import { RequestDto, ResponseDto } from '../http/zod-dto';

// The chat contracts' own schemas (libs/contracts): the caller's id comes from the token, the Idempotency-Key from its header.
export class PostChatMessageDto extends RequestDto(PostChatMessage.payload.omit({ userId: true, idempotencyKey: true, userName: true })) {}
export class ListChatMessagesQueryDto extends RequestDto(ListChatMessages.payload.omit({ userId: true })) {}
export class ListConversationsQueryDto extends RequestDto(ListConversations.payload.omit({ userId: true })) {}

export class PostedChatMessageDto extends ResponseDto(PostChatMessage.response) {}
/** One listed message, named for clients (the web app's types). */
export class ChatMessageDto extends ResponseDto(listedChatMessageView) {}
export class ChatMessagePageDto extends ResponseDto(ListChatMessages.response) {}
export class ConversationPageDto extends ResponseDto(ListConversations.response) {}
export class ConversationDto extends ResponseDto(EndConversation.response) {}
