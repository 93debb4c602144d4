import { EditNote, GetMemorySettings, ListEmotions, ListNotes, SearchMemory, UpdateMemorySettings, memoryHit } from '@tandem/contracts';

import { NamedSchema, RequestDto, ResponseDto } from '../http/zod-dto';

// Sentinel's contracts (libs/contracts) are the schemas: the caller's id comes from the token, a note's from the path.
export class ListNotesQueryDto extends RequestDto(ListNotes.payload.omit({ userId: true })) {}
export class MemorySearchQueryDto extends RequestDto(SearchMemory.payload.omit({ userId: true })) {}
export class UpdateMemorySettingsDto extends RequestDto(UpdateMemorySettings.payload.omit({ userId: true })) {}
export class EditNoteDto extends RequestDto(EditNote.payload.omit({ userId: true, noteId: true })) {}
export class ListEmotionsQueryDto extends RequestDto(ListEmotions.payload.omit({ userId: true })) {}

export class MemorySettingsDto extends ResponseDto(GetMemorySettings.response) {}
export class UpdatedMemorySettingsDto extends ResponseDto(UpdateMemorySettings.response) {}
export class NoteDto extends ResponseDto(EditNote.response) {}
export class NoteListDto extends ResponseDto(ListNotes.response) {}
export class EmotionListDto extends ResponseDto(ListEmotions.response) {}
/** One search hit, named for clients (the web app's types). */
export class MemoryHitDto extends NamedSchema(memoryHit) {}
export class MemorySearchDto extends ResponseDto(SearchMemory.response) {}
