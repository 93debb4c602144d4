import type { ProjectExperience, ReasonType, Strength, TeamProfileView } from '@tandem/contracts';

import { canonicalTerm, contentWords, contextPhrases, singular } from './context-terms';
import { outcomeLift, type OutcomeStats } from './learning';

type Preferences = TeamProfileView['collaborationPreferences'];

/** Working the same way (shared collaboration preferences) adds up to this much; it is never a reason on its own. */
export const PREFERENCES_WEIGHT = 0.1;

/** How much each kind of reason counts; relevances are 0..1, so scores are too. */
export const WEIGHTS: Readonly<Record<ReasonType, number>> = { expertise_match: 0.5, similar_challenge: 0.3, complementary_strengths: 0.2 };

/** A relevance from here on is a reason worth naming; a colleague with none is not suggested. */
export const REASON_THRESHOLD = 0.5;

export type Reason =
  /** terms: the colleague's expertise areas the context names; empty when only the embeddings are close. */
  | { type: 'expertise_match'; relevance: number; terms: string[] }
  /** project: the colleague's project sharing most words with the context, if any does. */
  | { type: 'similar_challenge'; relevance: number; project: string | null }
  | { type: 'complementary_strengths'; relevance: number; theirs: Strength; yours: Strength };

/** A colleague as the candidate queries return them. */
export interface Candidate {
  userId: string;
  name: string | null;
  role: string | null;
  department: string | null;
  expertiseAreas: string[];
  projectExperience: ProjectExperience[];
  primaryStrength: Strength | null;
  collaborationPreferences: Preferences;
  /** Cosine similarity of the context to the profile embedding (role and expertise, else projects); null without one of the same model. */
  profileSimilarity: number | null;
  /** Cosine similarity of the context to the project-experience embedding. */
  experienceSimilarity: number | null;
}

export interface MatchRequest {
  context: string;
  primaryStrength: Strength | null;
  department?: string | null;
  collaborationPreferences?: Preferences;
  /** The organisation's outcomes by pair feature; absent, ranking is by relevance alone. */
  outcomes?: OutcomeStats;
  /** The similarity that counts as unrelated (relevance 0). */
  similarityFloor: number;
}

export interface Match {
  candidate: Candidate;
  /** Relevance (weighted reasons and preferences) times what outcomes taught, at most 1. */
  score: number;
  /** Best first; never empty. */
  reasons: Reason[];
  /** What the pair is, for learning: its reason types, department, preferences. */
  features: string[];
}

/** Similarity above the floor, rescaled to 0..1. */
export function relevanceOf(similarity: number | null, floor: number): number {
  if (similarity === null) return 0;
  return Math.min(1, Math.max(0, (similarity - floor) / (1 - floor)));
}

/** Expertise areas the context names whole (relevance 1) or mostly (the share of their words, discounted). */
function expertiseReason(candidate: Candidate, request: MatchRequest, phrases: Set<string>, words: Set<string>): Reason {
  const scored = candidate.expertiseAreas.map((term) => {
    if (phrases.has(term) || phrases.has(singular(term))) return { term, relevance: 1 };
    const termWords = [...contentWords(term)];
    const shared = termWords.filter((word) => words.has(word)).length;
    return { term, relevance: termWords.length ? (0.8 * shared) / termWords.length : 0 };
  });
  const named = scored.filter((entry) => entry.relevance >= REASON_THRESHOLD).sort((a, b) => b.relevance - a.relevance);
  // Without a role or expertise the profile embedding describes projects: that is a challenge, not expertise.
  const semantic = candidate.role || candidate.expertiseAreas.length ? relevanceOf(candidate.profileSimilarity, request.similarityFloor) : 0;
  const relevance = Math.max(semantic, ...scored.map((entry) => entry.relevance));
  return { type: 'expertise_match', relevance, terms: named.map((entry) => entry.term) };
}

/** The context against what the colleague has been through: embeddings, or words shared with a project. */
function challengeReason(candidate: Candidate, request: MatchRequest, words: Set<string>): Reason {
  let best: { project: string; shared: number } | null = null;
  for (const experience of candidate.projectExperience) {
    const projectWords = contentWords([experience.project, experience.role, experience.summary].filter(Boolean).join(' '));
    const shared = [...projectWords].filter((word) => words.has(word)).length;
    if (shared > 0 && shared > (best?.shared ?? 0)) best = { project: experience.project, shared };
  }
  const overlap = best ? Math.min(1, 0.2 + 0.2 * best.shared) : 0;
  return { type: 'similar_challenge', relevance: Math.max(relevanceOf(candidate.experienceSimilarity, request.similarityFloor), overlap), project: best?.project ?? null };
}

function strengthsReason(candidate: Candidate, request: MatchRequest): Reason | null {
  const [theirs, yours] = [candidate.primaryStrength, request.primaryStrength];
  if (!theirs || !yours || theirs === yours) return null;
  return { type: 'complementary_strengths', relevance: 1, theirs, yours };
}

const weighted = (reason: Reason) => WEIGHTS[reason.type] * reason.relevance;

/** A preference value in comparable form: a set of lower-case strings. */
function valuesOf(value: Preferences[string] | undefined): Set<string> {
  if (value === undefined) return new Set();
  return new Set((Array.isArray(value) ? value : [value]).map((item) => canonicalTerm(String(item))));
}

/** The share of preferences both stated on which they agree (a value in common): 0 when none in common. */
export function preferencesRelevance(yours: Preferences = {}, theirs: Preferences = {}): number {
  const shared = Object.keys(yours).filter((key) => key in theirs);
  if (shared.length === 0) return 0;
  const agreeing = shared.filter((key) => {
    const mine = valuesOf(yours[key]);
    return [...valuesOf(theirs[key])].some((value) => mine.has(value));
  });
  return agreeing.length / shared.length;
}

/** The features of a pair that outcomes are counted by. */
export function pairFeatures(reasons: readonly Reason[], request: MatchRequest, candidate: Candidate, preferences: number): string[] {
  const features = reasons.map((reason) => `reason:${reason.type}`);
  if (request.department && candidate.department) features.push(canonicalTerm(request.department) === canonicalTerm(candidate.department) ? 'department:same' : 'department:other');
  if (preferences >= REASON_THRESHOLD) features.push('preferences:shared');
  return features;
}

/** A colleague's score and named reasons for this context; null when there is no reason to suggest them. */
export function scoreCandidate(candidate: Candidate, request: MatchRequest, phrases = new Set(contextPhrases(request.context)), words = contentWords(request.context)): Match | null {
  const all = [expertiseReason(candidate, request, phrases, words), challengeReason(candidate, request, words), strengthsReason(candidate, request)].filter((reason) => reason !== null);
  const reasons = all.filter((reason) => reason.relevance >= REASON_THRESHOLD).sort((a, b) => weighted(b) - weighted(a));
  if (reasons.length === 0) return null;
  const preferences = preferencesRelevance(request.collaborationPreferences, candidate.collaborationPreferences);
  const relevance = all.reduce((sum, reason) => sum + weighted(reason), 0) + PREFERENCES_WEIGHT * preferences;
  const features = pairFeatures(reasons, request, candidate, preferences);
  return { candidate, score: Math.min(1, relevance * outcomeLift(features, request.outcomes)), reasons, features };
}

/** The best `limit` colleagues, highest score first (ties by user id, so the order is stable). */
export function rankCandidates(candidates: readonly Candidate[], request: MatchRequest, limit: number): Match[] {
  const phrases = new Set(contextPhrases(request.context));
  const words = contentWords(request.context);
  return candidates
    .map((candidate) => scoreCandidate(candidate, request, phrases, words))
    .filter((match) => match !== null)
    .sort((a, b) => b.score - a.score || a.candidate.userId.localeCompare(b.candidate.userId))
    .slice(0, limit);
}
