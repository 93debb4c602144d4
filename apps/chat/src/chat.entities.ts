import { CoachAction } from './actions/coach-action.entity';
import { Conversation } from './conversations/conversation.entity';
import { KnowledgePassage } from './knowledge/knowledge-passage.entity';
import { ChatMessage } from './messages/chat-message.entity';
import { Prompt } from './prompts/prompt.entity';
import { CoachContext, IdentitySnapshot } from './read-models/read-model.entities';

export const CHAT_ENTITIES = [Conversation, ChatMessage, CoachAction, Prompt, KnowledgePassage, CoachContext, IdentitySnapshot];
