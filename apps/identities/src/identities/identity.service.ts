import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import {
  IdentityAccepted,
  IdentityArchived,
  IdentityDeleted,
  IdentityProposed,
  IdentityRefinementCompleted,
  IdentityUpdated,
  UserErased,
  type CreateIdentityNow,
  type EventContract,
  type IdentityChange,
  type IdentityVersionView,
  type IdentityView,
  type PayloadOf,
  type ProposeIdentity,
  type ListIdentities,
  type ListIdentitiesV1,
  type IdentityHistory,
  type ResponseOf,
} from '@tandem/contracts';
import { MessageBus, decodeCursor, keysetAfter, keysetPageOf, offsetAfter, offsetPageOf, pageOf, type Transaction } from '@tandem/messaging';

import type { Identity } from './identity.entity';
import { IdentityError } from './identity.errors';
import { accept, archive, completeRefinement, edit, type IdentityEdit } from './identity-lifecycle';
import { toIdentityView } from './identity.mapper';
import { IdentityRepository } from './identity.repository';
import { IdentityVersionRepository } from './identity-version.repository';

/** A page of history starts after this version. */
const versionCursor = z.object({ version: z.number().int().min(0) });

type IdentityEvent = EventContract<(typeof IdentityUpdated)['payload']>;

/** The version each event records. */
const CHANGE_OF = new Map<IdentityEvent, IdentityChange>([
  [IdentityProposed, 'PROPOSED'],
  [IdentityUpdated, 'UPDATED'],
  [IdentityAccepted, 'ACCEPTED'],
  [IdentityRefinementCompleted, 'REFINEMENT_COMPLETED'],
  [IdentityArchived, 'ARCHIVED'],
]);

/**
 * What happens to identities. Every change runs in a transaction it is given (a durable
 * command's, or one of MessageBus.transaction for request/reply) and emits its event in it, so
 * the change and its announcement commit together. Rule violations throw IdentityError.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly bus: MessageBus,
    private readonly identities: IdentityRepository,
    private readonly versions: IdentityVersionRepository,
  ) {}

  async propose(tx: Transaction, proposal: PayloadOf<typeof ProposeIdentity>, testScenarioId: string | null = null): Promise<IdentityView> {
    const identity = await this.identities.create(tx.em, {
      id: randomUUID(),
      userId: proposal.userId,
      category: proposal.category,
      name: proposal.name,
      affirmation: proposal.affirmation ?? null,
      visualization: proposal.visualization ?? null,
      testScenarioId,
    });
    return this.announce(tx, IdentityProposed, identity);
  }

  async update(tx: Transaction, userId: string, identityId: string, changes: IdentityEdit): Promise<IdentityView> {
    const identity = await this.ownedForUpdate(tx, userId, identityId);
    await this.identities.update(tx.em, identity, edit(identity, changes));
    return this.announce(tx, IdentityUpdated, identity);
  }

  async accept(tx: Transaction, userId: string, identityId: string): Promise<IdentityView> {
    const identity = await this.ownedForUpdate(tx, userId, identityId);
    await this.identities.update(tx.em, identity, accept(identity));
    return this.announce(tx, IdentityAccepted, identity);
  }

  async completeRefinement(tx: Transaction, userId: string, identityId: string): Promise<IdentityView> {
    const identity = await this.ownedForUpdate(tx, userId, identityId);
    await this.identities.update(tx.em, identity, completeRefinement(identity));
    return this.announce(tx, IdentityRefinementCompleted, identity);
  }

  async archive(tx: Transaction, userId: string, identityId: string): Promise<IdentityView> {
    const identity = await this.ownedForUpdate(tx, userId, identityId);
    await this.identities.update(tx.em, identity, archive(identity, new Date()));
    return this.announce(tx, IdentityArchived, identity);
  }

  /** Erases every identity of a deleted user and confirms with user.erased. */
  async erase(tx: Transaction, userId: string): Promise<number> {
    const erasedRows = await this.identities.deleteAllOf(tx.em, userId);
    tx.emit(UserErased, { userId, service: 'identities', erasedRows }, { userId });
    return erasedRows;
  }

  /** Deletes exactly the identities of a reset test scenario (no events: the whole scenario goes). */
  clearScenario(tx: Transaction, testScenarioId: string): Promise<number> {
    return this.identities.deleteTagged(tx.em, testScenarioId);
  }

  /** A page: keyset on (createdAt, id), or, with q, an offset into the ranking. */
  async list({ cursor, limit, ...filter }: PayloadOf<typeof ListIdentities>): Promise<ResponseOf<typeof ListIdentities>> {
    if (filter.q) {
      const offset = offsetAfter(cursor);
      return offsetPageOf((await this.identities.list(filter, { offset, limit: limit + 1 })).map(toIdentityView), offset, limit);
    }
    const rows = await this.identities.list(filter, { after: keysetAfter(cursor), limit: limit + 1 });
    return keysetPageOf(rows.map(toIdentityView), limit, (last) => ({ at: last.createdAt, id: last.id }));
  }

  /** Every identity that matches (version 1 of the list, from before pages). */
  async listAll(filter: PayloadOf<typeof ListIdentitiesV1>): Promise<IdentityView[]> {
    return (await this.identities.list(filter)).map(toIdentityView);
  }

  /** Now, or as it was at `asOf` (404 when it did not exist yet). */
  async get(userId: string, identityId: string, asOf?: string): Promise<IdentityView> {
    if (asOf) {
      const then = await this.versions.asOf(userId, identityId, new Date(asOf));
      if (!then) throw IdentityError.notFound();
      return then;
    }
    const identity = await this.identities.findOwned(userId, identityId);
    if (!identity) throw IdentityError.notFound();
    return toIdentityView(identity);
  }

  /**
   * The versions, oldest first, a page at a time (keyset on the version); every version without a
   * limit. 404 when the identity is not the user's (or has no history): a cursor only names a
   * version when one came after it, so an empty page means the identity is gone.
   */
  async history(userId: string, identityId: string, page: { cursor?: string; limit?: number } = {}): Promise<ResponseOf<typeof IdentityHistory>> {
    const after = page.cursor === undefined ? 0 : decodeCursor(versionCursor, page.cursor).version;
    const versions = await this.versions.history(userId, identityId, after, page.limit === undefined ? undefined : page.limit + 1);
    if (!versions.length) throw IdentityError.notFound();
    return page.limit === undefined ? { items: versions, nextCursor: null } : pageOf(versions, page.limit, (last) => ({ version: last.version }));
  }

  /** The user creates an identity of their own: proposed, as the coach's are, so the same rules follow. */
  createNow({ userId, ...proposal }: PayloadOf<typeof CreateIdentityNow>): Promise<IdentityView> {
    return this.bus.transaction((tx) => this.propose(tx, { userId, ...proposal }), { userId });
  }

  archiveNow(userId: string, identityId: string): Promise<IdentityView> {
    return this.bus.transaction((tx) => this.archive(tx, userId, identityId), { userId });
  }

  /**
   * Deletes an identity and its history. Archived first (identity.archived), so every consumer's
   * rule for an identity that stops counting runs (coach-state clears it as current or proposed,
   * chat's read model drops it); then gone (identity.deleted), with the published events that
   * carried its words.
   */
  deleteNow(userId: string, identityId: string): Promise<void> {
    return this.bus.transaction(
      async (tx) => {
        const identity = await this.ownedForUpdate(tx, userId, identityId);
        if (!identity.archivedAt) {
          await this.identities.update(tx.em, identity, archive(identity, new Date()));
          tx.emit(IdentityArchived, { identity: toIdentityView(identity) }, { userId });
        }
        await this.identities.delete(tx.em, identity);
        tx.emit(IdentityDeleted, { userId, identityId }, { userId });
      },
      { userId },
    );
  }

  /** The user's own edit through the gateway: same rules and event as the durable command. */
  editNow(userId: string, identityId: string, changes: IdentityEdit): Promise<IdentityView> {
    return this.bus.transaction((tx) => this.update(tx, userId, identityId, changes), { userId });
  }

  acceptNow(userId: string, identityId: string): Promise<IdentityView> {
    return this.bus.transaction((tx) => this.accept(tx, userId, identityId), { userId });
  }

  /** Another user's identity is indistinguishable from a missing one. */
  private async ownedForUpdate(tx: Transaction, userId: string, identityId: string): Promise<Identity> {
    const identity = await this.identities.findOwnedForUpdate(tx.em, userId, identityId);
    if (!identity) throw IdentityError.notFound();
    return identity;
  }

  /** Emits the event and records the version it made, in the same transaction. */
  private async announce(tx: Transaction, event: IdentityEvent, identity: Identity): Promise<IdentityView> {
    const view = toIdentityView(identity);
    await this.versions.record(tx.em, view, CHANGE_OF.get(event)!, identity.testScenarioId);
    tx.emit(event, { identity: view }, { userId: identity.userId });
    return view;
  }
}
