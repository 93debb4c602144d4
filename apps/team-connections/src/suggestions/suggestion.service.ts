import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import {
  ConnectionAnswered,
  ConnectionRequested,
  ConnectionsSuggested,
  SuggestionConnected,
  SuggestionDeclined,
  SuggestionExpired,
  SuggestionViewed,
  type IncomingConnectionView,
  type RequestStatus,
  type SuggestionResponse,
  type SuggestionStatus,
  type SuggestionView,
} from '@tandem/contracts';
import { MessageBus, decodeCursor, keysetAfter, pageOf, type Transaction } from '@tandem/messaging';

import { EMBEDDINGS, type ModelEmbeddings } from '../embeddings/embeddings.provider';
import { CandidateRepository, type CandidateSearch } from '../matching/candidate.repository';
import { ExplanationWriter } from '../matching/explanation-writer';
import { contextPhrases } from '../matching/context-terms';
import { explainToRequestor } from '../matching/explanation';
import { rankCandidates, type Match } from '../matching/matching';
import { OutcomeRepository } from '../matching/outcome.repository';
import { OrganisationRepository } from '../organisations/organisation.repository';
import { TeamProfileRepository } from '../profiles/team-profile.repository';
import { TEAM_CONFIG, type TeamConfig } from '../team.config';
import { TeamError, TeamErrorCode } from '../team.errors';
import { respondTo } from './suggestion-lifecycle';
import { toIncomingConnectionView, toSuggestionView } from './suggestion.mapper';
import { SuggestionRepository, suggestionCursor } from './suggestion.repository';

/** A ranked match, read before the write's transaction. */
export interface Prepared {
  request: SuggestRequest;
  search: CandidateSearch;
  matches: Match[];
}

export interface SuggestRequest {
  userId: string;
  context: string;
  limit: number;
  testScenarioId?: string | null;
}

/**
 * Colleagues scored before the best `limit` are kept: enough that scoring, not the pool, decides.
 * Larger than a typical organisation's eligible members, so there the match is the exact ranking;
 * in a larger one, colleagues whose expertise the context names come first, then the nearest.
 */
export const POOL_SIZE = 200;
const EXPIRY_BATCH = 200;

const MOVED = { viewed: SuggestionViewed, connected: SuggestionConnected, declined: SuggestionDeclined } as const;

/**
 * Suggestions: made by matching, answered by the requestor, expired by time. Every change runs
 * in a transaction it is given (a durable message's, or MessageBus.transaction's for request/reply)
 * and emits its event there, so the change and its announcement commit together.
 */
@Injectable()
export class SuggestionService {
  constructor(
    private readonly bus: MessageBus,
    private readonly suggestions: SuggestionRepository,
    private readonly profiles: TeamProfileRepository,
    private readonly candidates: CandidateRepository,
    private readonly organisations: OrganisationRepository,
    private readonly outcomes: OutcomeRepository,
    private readonly writer: ExplanationWriter,
    private readonly em: EntityManager,
    @Inject(EMBEDDINGS) private readonly embeddings: ModelEmbeddings,
    @Inject(TEAM_CONFIG) private readonly config: TeamConfig,
  ) {}

  /**
   * Reads and ranks, outside any transaction (each query borrows a connection and gives it back):
   * the requestor's profile and organisation, the eligible colleagues, the best `limit`. Refuses
   * (TeamError) without a profile or an organisation.
   */
  async prepare(request: SuggestRequest, em: EntityManager = this.em.fork()): Promise<Prepared> {
    const { userId, context, limit } = request;
    const requestor = await this.profiles.findByUser(userId, em);
    if (!requestor) throw TeamError.profileNotFound();
    // The organisation, never the typed company, bounds who may be suggested.
    const organisation = await this.outcomes.organisationOf(em, userId);
    if (!organisation) throw TeamError.noOrganisation();
    const search: CandidateSearch = {
      requestorId: userId,
      organisationId: organisation.organisationId,
      exposureCapPerWeek: this.config.EXPOSURE_CAP_PER_WEEK,
      vector: await this.embeddings.embedQuery(context),
      model: this.embeddings.embeddingModelInfo.model,
      phrases: contextPhrases(context),
      declineCooldownDays: this.config.DECLINE_COOLDOWN_DAYS,
      poolSize: POOL_SIZE,
    };
    const scoring = {
      context,
      primaryStrength: requestor.strengthsSummary?.primaryStrength ?? null,
      department: requestor.department,
      collaborationPreferences: requestor.collaborationPreferences,
      outcomes: organisation.outcomes,
      similarityFloor: this.config.MATCH_SIMILARITY_FLOOR,
    };
    return { request, search, matches: rankCandidates(await this.candidates.find(em, search), scoring, limit) };
  }

  /** One explanation per match, by the model when one is configured (never inside a transaction). */
  explain({ request, matches }: Prepared): Promise<string[]> {
    return Promise.all(matches.map((match) => this.writer.write({ collaboratorName: match.candidate.name, reasons: match.reasons, context: request.context })));
  }

  /**
   * Stores the prepared suggestions and announces them (team.connections.suggested, empty when
   * nobody fits). Colleagues chosen before the transaction are checked again in it, under their
   * locks: one who blocked the requestor, or reached the exposure cap, meanwhile is left out.
   */
  async store(tx: Transaction, { request, search, matches }: Prepared, explanations: readonly string[]): Promise<SuggestionView[]> {
    const { userId, context } = request;
    const chosen = matches.map((match) => match.candidate.userId);
    // The exposure cap holds under concurrency: each chosen colleague's lock (in one order, so two
    // requests never wait on each other crosswise), then the re-check sees what others committed.
    for (const colleague of [...chosen].sort()) await tx.em.execute(`select pg_advisory_xact_lock(hashtextextended('team-exposure:' || ?, 0))`, [colleague]);
    const still = chosen.length ? new Set((await this.candidates.find(tx.em, { ...search, only: chosen, poolSize: chosen.length })).map((candidate) => candidate.userId)) : new Set();
    const created = matches.flatMap((match, index) =>
      still.has(match.candidate.userId)
        ? [
            {
              id: randomUUID(),
              requestorId: userId,
              suggestedCollaboratorId: match.candidate.userId,
              reasonType: match.reasons[0]!.type,
              reasonExplanation: explanations[index] ?? explainToRequestor(match.candidate.name, match.reasons),
              reasonDetails: match.reasons,
              context,
              score: Math.round(match.score * 10_000) / 10_000,
              testScenarioId: request.testScenarioId ?? null,
              organisationId: search.organisationId,
              pairFeatures: match.features,
            },
          ]
        : [],
    );
    await this.suggestions.insert(tx.em, created);
    for (const suggestion of created) await this.outcomes.record(tx.em, search.organisationId, suggestion.pairFeatures, 'suggested');
    const views = await this.views(
      tx,
      created.map((suggestion) => suggestion.id),
    );
    tx.emit(ConnectionsSuggested, { userId, context, suggestions: views }, { userId });
    return views;
  }

  /** The gateway's request: read and explain with no connection held, then write in one short transaction. */
  async suggestNow(request: SuggestRequest): Promise<SuggestionView[]> {
    const prepared = await this.prepare(request);
    const explanations = await this.explain(prepared);
    return this.bus.transaction((tx) => this.store(tx, prepared, explanations), { userId: request.userId });
  }

  /** The requestor answers; a connection is also announced to the colleague, with only what a colleague may see. */
  async respond(tx: Transaction, userId: string, suggestionId: string, response: SuggestionResponse): Promise<SuggestionView> {
    const suggestion = await this.suggestions.findOwnedForUpdate(tx.em, userId, suggestionId);
    if (!suggestion) throw TeamError.suggestionNotFound();
    const move = respondTo(suggestion.status, response, new Date());
    // A request to someone who left, or who blocked the requestor, is answered as if they were not there.
    if (move?.status === 'connected' && !(await this.reachable(tx, suggestion.requestorId, suggestion.suggestedCollaboratorId))) throw TeamError.colleagueNotFound();
    if (move) await this.suggestions.update(tx.em, suggestion, { ...move, ...(move.status === 'connected' ? { requestStatus: 'pending' as const } : {}) });
    if (move && move.status !== 'viewed') await this.outcomes.record(tx.em, suggestion.organisationId, suggestion.pairFeatures, move.status);
    const [view] = await this.views(tx, [suggestion.id]);
    if (!move) return view!;

    tx.emit(MOVED[move.status], { suggestion: view! }, { userId });
    if (move.status === 'connected') {
      const [incoming] = await this.suggestions.incoming(suggestion.suggestedCollaboratorId, { em: tx.em, suggestionId: suggestion.id });
      tx.emit(ConnectionRequested, { userId: suggestion.suggestedCollaboratorId, connection: toIncomingConnectionView(incoming!) }, { userId: suggestion.suggestedCollaboratorId });
    }
    return view!;
  }

  /** The colleague accepts or declines a request (double opt-in); the requestor hears the answer. */
  async answer(tx: Transaction, userId: string, suggestionId: string, answer: 'accept' | 'decline'): Promise<IncomingConnectionView> {
    const request = await this.suggestions.findRequestForUpdate(tx.em, userId, suggestionId);
    if (!request || (await this.organisations.eitherBlocks(tx.em, userId, request.requestorId))) throw TeamError.suggestionNotFound();
    if (request.requestStatus !== 'pending') throw new TeamError(TeamErrorCode.INVALID_MOVE, `Only a pending request can be answered; this one is ${request.requestStatus}`);
    const status: RequestStatus = answer === 'accept' ? 'accepted' : 'declined';
    await this.suggestions.update(tx.em, request, { requestStatus: status, requestAnsweredAt: new Date() });
    if (status === 'accepted') await this.outcomes.record(tx.em, request.organisationId, request.pairFeatures, 'accepted');
    const [view] = await this.views(tx, [request.id]);
    tx.emit(ConnectionAnswered, { suggestion: view! }, { userId: request.requestorId });
    const [incoming] = await this.suggestions.incoming(userId, { em: tx.em, suggestionId: request.id });
    return toIncomingConnectionView(incoming!);
  }

  answerNow(userId: string, suggestionId: string, answer: 'accept' | 'decline'): Promise<IncomingConnectionView> {
    return this.bus.transaction((tx) => this.answer(tx, userId, suggestionId, answer), { userId });
  }

  respondNow(userId: string, suggestionId: string, response: SuggestionResponse): Promise<SuggestionView> {
    return this.bus.transaction((tx) => this.respond(tx, userId, suggestionId, response), { userId });
  }

  /** A page of the user's suggestions (keyset on createdAt, score, id); the first 100 without a page. */
  async list(userId: string, status?: SuggestionStatus, page: { cursor?: string; limit?: number } = {}): Promise<{ items: SuggestionView[]; nextCursor: string | null }> {
    const limit = page.limit ?? 100;
    const after = page.cursor === undefined ? undefined : decodeCursor(suggestionCursor, page.cursor);
    const rows = await this.suggestions.list(userId, status, { after, limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, (last) => ({ at: last.key, score: last.score, id: last.id }));
    return { items: items.map((row) => toSuggestionView(row, this.config.SUGGESTION_TTL_HOURS)), nextCursor };
  }

  /** A page of requests to the user, newest first (keyset on responseAt, id); the first 100 without a page. */
  async incoming(userId: string, page: { cursor?: string; limit?: number } = {}): Promise<{ items: IncomingConnectionView[]; nextCursor: string | null }> {
    const limit = page.limit ?? 100;
    const rows = await this.suggestions.incoming(userId, { after: keysetAfter(page.cursor), limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, (last) => ({ at: last.key, id: last.id }));
    return { items: items.map(toIncomingConnectionView), nextCursor };
  }

  /**
   * Expires every open suggestion past its time, a batch per transaction, each announced with
   * team.suggestion.expired. Safe with several replicas sweeping at once; returns how many it expired.
   */
  async expireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.bus.transaction(async (tx) => {
        const ids = await this.suggestions.expireDue(tx.em, this.config.SUGGESTION_TTL_HOURS, EXPIRY_BATCH);
        for (const view of await this.views(tx, ids)) tx.emit(SuggestionExpired, { suggestion: view }, { userId: view.userId });
        return ids.length;
      });
      total += expired;
      if (expired < EXPIRY_BATCH) return total;
    }
  }

  purgeClosed(): Promise<number> {
    return this.suggestions.purgeClosedBefore(this.config.SUGGESTION_RETENTION_DAYS);
  }

  /** Both still in one organisation, and neither blocks the other. */
  private async reachable(tx: Transaction, requestorId: string, collaboratorId: string): Promise<boolean> {
    const membership = await this.organisations.membershipOf(requestorId, tx.em);
    if (!membership || !(await this.organisations.isMember(tx.em, membership.organisation_id, collaboratorId))) return false;
    return !(await this.organisations.eitherBlocks(tx.em, requestorId, collaboratorId));
  }

  private async views(tx: Transaction, ids: readonly string[]): Promise<SuggestionView[]> {
    return (await this.suggestions.viewsByIds(tx.em, ids)).map((row) => toSuggestionView(row, this.config.SUGGESTION_TTL_HOURS));
  }
}
