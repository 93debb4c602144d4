import { rejectQuery } from '@tandem/messaging';

import { TeamError } from './team.errors';

/** A TeamError becomes a rejection with its status and message; anything else stays a 500. */
export async function answer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TeamError) throw rejectQuery(error.status, error.message);
    throw error;
  }
}
