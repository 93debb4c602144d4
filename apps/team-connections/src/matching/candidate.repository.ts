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
  /** Colleagues fetched by each search before scoring. */
  poolSize: number;
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
 * Who may be suggested: members of the requestor's organisation (never a typed company) who
 * opted in and are available; never the requestor; nobody either of the two blocked; nobody the
 * requestor declined, or who declined the requestor's request, within the cool-down; nobody
 * already suggested `exposureCapPerWeek` times in 7 days. Reads the organisation's members by
 * index, then each profile by its unique user id.
 */
const ELIGIBLE = `m."organisation_id" = ? and p."connection_opt_in" and p."availability_status" = 'available' and p."user_id" <> ?
  and not exists (select 1 from "team"."connection_suggestions" s where s."status" = 'declined' and s."requestor_id" = ?
    and s."suggested_collaborator_id" = p."user_id" and s."response_at" > now() - ? * interval '1 day')
  and not exists (select 1 from "team"."connection_suggestions" s where s."request_status" = 'declined' and s."requestor_id" = ?
    and s."suggested_collaborator_id" = p."user_id" and s."request_answered_at" > now() - ? * interval '1 day')
  and not exists (select 1 from "team"."blocks" b where b."blocker_id" = ? and b."blocked_id" = p."user_id")
  and not exists (select 1 from "team"."blocks" b where b."blocker_id" = p."user_id" and b."blocked_id" = ?)
  and (select count(*) from "team"."connection_suggestions" w where w."suggested_collaborator_id" = p."user_id" and w."created_at" > now() - interval '7 days') < ?`;

const FROM = `from "team"."organisation_members" m join "team"."user_profiles_extended" p on p."user_id" = m."user_id"`;

/**
 * The candidate pools matching scores. Two searches over the organisation's eligible members: the
 * nearest profiles by cosine distance (exact over the organisation's rows), and the colleagues
 * whose expertise the context names.
 */
@Injectable()
export class CandidateRepository {
  async find(em: EntityManager, search: CandidateSearch): Promise<Candidate[]> {
    const dimensions = search.vector.length;
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new Error('The context vector is empty');
    const vector = `[${search.vector.join(',')}]`;
    // Same model and size only: vectors of two models are not comparable. The size is inlined
    // (an integer checked above) so the cast matches the partial HNSW index's expression.
    const sameModel = `p."embedding_model" = ? and p."embedding_dimensions" = ${dimensions}`;
    const similarity = (column: string) => `case when ${sameModel} then 1 - (p."${column}"::vector(${dimensions}) <=> ?::vector(${dimensions})) end`;
    const select = `select p."user_id", p."display_name", p."role", p."department", p."expertise_areas", p."project_experience",
        p."strengths_summary"->>'primaryStrength' as "primary_strength", p."collaboration_preferences",
        ${similarity('embedding')} as "profile_similarity", ${similarity('experience_embedding')} as "experience_similarity"
      ${FROM}`;
    const selectParams = [search.model, vector, search.model, vector];
    const { requestorId: me, declineCooldownDays: days } = search;
    const eligibleParams = [search.organisationId, me, me, days, me, days, me, me, search.exposureCapPerWeek];

    // With an HNSW scan, keep reading the index until enough rows pass the filter (pgvector 0.8).
    await em.execute(`set local hnsw.iterative_scan = relaxed_order`, [], 'run');
    const nearest = await em.execute<CandidateRow[]>(
      `${select} where ${ELIGIBLE} and p."embedding_dimensions" = ${dimensions} and p."embedding_model" = ?
       order by p."embedding"::vector(${dimensions}) <=> ?::vector(${dimensions}) limit ?`,
      [...selectParams, ...eligibleParams, search.model, vector, search.poolSize],
    );
    const named = search.phrases.length
      ? await em.execute<CandidateRow[]>(`${select} where ${ELIGIBLE} and p."expertise_areas" \\?| ?::text[] limit ?`, [
          ...selectParams,
          ...eligibleParams,
          textArrayLiteral(search.phrases),
          search.poolSize,
        ])
      : [];

    const byUser = new Map([...nearest, ...named].map((row) => [row.user_id, toCandidate(row)]));
    return [...byUser.values()];
  }
}

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
