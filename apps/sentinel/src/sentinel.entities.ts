import { Emotion } from './emotions/emotion.entity';
import { Episode } from './episodes/episode.entity';
import { UserNote } from './notes/note.entity';
import { MemorySettings } from './settings/memory-settings.entity';

export const SENTINEL_ENTITIES = [UserNote, Emotion, Episode, MemorySettings];
