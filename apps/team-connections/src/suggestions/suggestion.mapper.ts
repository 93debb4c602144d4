import type { IncomingConnectionView, SuggestionView } from '@tandem/contracts';

import { explainToCollaborator } from '../matching/explanation';
import type { IncomingRow, SuggestionRow } from './suggestion.repository';

const iso = (value: Date | string) => new Date(value).toISOString();

/** The requestor's view of a suggestion; it expires `ttlHours` after it was made. */
export function toSuggestionView(row: SuggestionRow, ttlHours: number): SuggestionView {
  const createdAt = new Date(row.created_at);
  return {
    id: row.id,
    userId: row.requestor_id,
    collaborator: { userId: row.suggested_collaborator_id, name: row.collaborator_name, role: row.collaborator_role, department: row.collaborator_department },
    reasonType: row.reason_type,
    explanation: row.reason_explanation,
    context: row.context,
    score: Math.min(1, Math.max(0, Number(row.score))),
    status: row.status,
    respondedAt: row.response_at === null ? null : iso(row.response_at),
    request: row.request_status,
    expiresAt: new Date(createdAt.getTime() + ttlHours * 3_600_000).toISOString(),
    createdAt: createdAt.toISOString(),
    updatedAt: iso(row.updated_at),
  };
}

/** The suggested colleague's view: who asked and why, from the stored reasons, never the context. */
export function toIncomingConnectionView(row: IncomingRow): IncomingConnectionView {
  return {
    suggestionId: row.id,
    requestor: { userId: row.requestor_id, name: row.requestor_name, role: row.requestor_role, department: row.requestor_department },
    reasonType: row.reason_type,
    why: explainToCollaborator(row.requestor_name, row.reason_details),
    connectedAt: iso(row.response_at),
    status: row.request_status,
    answeredAt: row.request_answered_at === null ? null : iso(row.request_answered_at),
  };
}
