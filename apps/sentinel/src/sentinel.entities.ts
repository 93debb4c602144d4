import { Emotion } from './emotions/emotion.entity';
import { Episode } from './episodes/episode.entity';
import { UserNote } from './notes/note.entity';

export const SENTINEL_ENTITIES = [UserNote, Emotion, Episode];
