import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { ProjectExperience, Strength } from '@tandem/contracts';

import type { Candidate } from './matching';

export interface CandidateSearch {
  requestorId: string;
  organisationId: string;
  /** The context's vector, from the model that embedded the profiles compared with it. */
  vector: number[];
  model: string;
  /** The context's phrases (contextPhrases), looked up in expertise_areas. */
  phrases: string[];
  declineCooldownDays: number;
  /** Colleagues suggested this many times in the last 7 days are left out. */
  exposureCapPerWeek: number;
  /** Colleagues fetched before scoring. */
  poolSize: number;
  /** Only these colleagues (re-checking, in the write's transaction, those chosen before it). */
  only?: readonly string[];
}

interface CandidateRow {
  user_id: string;
  display_name: string | null;
  role: string | null;
  department: string | null;
  expertise_areas: string[];
  project_experience: ProjectExperience[];
  primary_strength: Strength | null;
  collaboration_preferences: Candidate['collaborationPreferences'];
  profile_similarity: number | null;
  experience_similarity: number | null;
}

/** A text[] literal for one bound parameter (MikroORM inlines parameters as quoted strings). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/**
 * Who may not be suggested to the requestor, looked up once by the requestor's own indexes: whom
 * they declined, or who declined their request, within the cool-down, and anyone either of them
 * blocked.
 */
const EXCLUDED = `select s."suggested_collaborator_id" as "user_id" from "team"."connection_suggestions" s
    where s."requestor_id" = ? and s."status" = 'declined' and s."response_at" > now() - ? * interval '1 day'
  union all select s."suggested_collaborator_id" from "team"."connection_suggestions" s
    where s."requestor_id" = ? and s."request_status" = 'declined' and s."request_answered_at" > now() - ? * interval '1 day'
  union all select b."blocked_id" from "team"."blocks" b where b."blocker_id" = ?
  union all select b."blocker_id" from "team"."blocks" b where b."blocked_id" = ?`;

/**
 * The candidate pool matching scores: members of the requestor's organisation (never a typed
 * company) who opted in and are available, not the requestor, not excluded, and not already
 * suggested `exposureCapPerWeek` times in 7 days; those whose expertise the context names first,
 * then the nearest profiles by cosine distance, `poolSize` in all. One statement, exact over the
 * organisation's members (read by index): an organisation is small next to the whole table, and
 * an approximate (HNSW) scan filtered down to one organisation loses most true neighbours.
 */
@Injectable()
export class CandidateRepository {
  async find(em: EntityManager, search: CandidateSearch): Promise<Candidate[]> {
    const dimensions = search.vector.length;
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error('The context vector is empty');
    const vector = `[${search.vector.join(',')}]`;
    // Same model and size only: vectors of two models are not comparable. The size is inlined (an
    // integer checked above) so the cast is the one the partial HNSW index is built on.
    const sameModel = `p."embedding_model" = ? and p."embedding_dimensions" = ${dimensions}`;
    const distance = (column: string) => `case when ${sameModel} then p."${column}"::vector(${dimensions}) <=> ?::vector(${dimensions}) end`;
    const { requestorId: me, declineCooldownDays: days } = search;
    const rows = await em.execute<Array<CandidateRow & { profile_distance: number | null; experience_distance: number | null }>>(
      `with "excluded" as (${EXCLUDED})
       select p."user_id", p."display_name", p."role", p."department", p."expertise_areas", p."project_experience",
          p."strengths_summary"->>'primaryStrength' as "primary_strength", p."collaboration_preferences",
          ${distance('embedding')} as "profile_distance", ${distance('experience_embedding')} as "experience_distance"
        from "team"."organisation_members" m join "team"."user_profiles_extended" p on p."user_id" = m."user_id"
        where m."organisation_id" = ? and p."connection_opt_in" and p."availability_status" = 'available' and p."user_id" <> ?
          and p."user_id" not in (select "user_id" from "excluded" where "user_id" is not null)${search.only ? ` and p."user_id" = any(?::uuid[])` : ''}
          and (select count(*) from "team"."connection_suggestions" w where w."suggested_collaborator_id" = p."user_id" and w."created_at" > now() - interval '7 days') < ?
        order by p."expertise_areas" \\?| ?::text[] desc, ${distance('embedding')} limit ?`,
      [
        ...[me, days, me, days, me, me, search.model, vector, search.model, vector, search.organisationId, me],
        ...(search.only ? [`{${search.only.join(',')}}`] : []),
        ...[search.exposureCapPerWeek, textArrayLiteral(search.phrases), search.model, vector, search.poolSize],
      ],
    );
    return rows.map((row) => toCandidate({ ...row, profile_similarity: similarityOf(row.profile_distance), experience_similarity: similarityOf(row.experience_distance) }));
  }
}

const similarityOf = (distance: number | string | null) => (distance === null ? null : 1 - Number(distance));

function toCandidate(row: CandidateRow): Candidate {
  return {
    userId: row.user_id,
    name: row.display_name,
    role: row.role,
    department: row.department,
    expertiseAreas: row.expertise_areas,
    projectExperience: row.project_experience,
    primaryStrength: row.primary_strength,
    collaborationPreferences: row.collaboration_preferences ?? {},
    profileSimilarity: row.profile_similarity === null ? null : Number(row.profile_similarity),
    experienceSimilarity: row.experience_similarity === null ? null : Number(row.experience_similarity),
  };
}
