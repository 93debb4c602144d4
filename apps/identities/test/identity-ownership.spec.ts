import { randomUUID } from 'node:crypto';

import {
  ArchiveIdentityNow,
  CreateIdentityNow,
  DeleteIdentityNow,
  EditIdentity,
  GetIdentity,
  IdentityArchived,
  IdentityDeleted,
  IdentityHistory,
  IdentityHistoryV1,
  IdentityProposed,
  AcceptIdentityNow,
  type Envelope,
} from '@tandem/contracts';
import { expectEventually } from '@tandem/testing';

import { OUTCOMES, startIdentities, type IdentitiesBed } from './support';

/** Identities the user owns: created, archived and deleted through request/reply, every edit versioned. */
describe('identities the user owns', () => {
  let bed: IdentitiesBed;

  beforeAll(async () => {
    bed = await startIdentities([...OUTCOMES, IdentityDeleted]);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const notFound = { status: 404, message: 'Identity not found' };
  const create = (userId: string, name = 'The Early Runner') => bed.ask(CreateIdentityNow, { userId, category: 'HEALTH', name, affirmation: 'I run before the day starts.' });
  /** The identities events about one identity the client has heard, in arrival order. */
  const heard = (identityId: string) =>
    bed.received.filter((envelope: Envelope) => {
      const payload = envelope.payload as { identity?: { id: string }; identityId?: string };
      return payload.identity?.id === identityId || payload.identityId === identityId;
    });

  it('should create a proposed identity for the user, announced as any proposed identity is', async () => {
    const userId = randomUUID();
    const identity = await create(userId);
    expect(identity).toMatchObject({ userId, category: 'HEALTH', name: 'The Early Runner', state: 'PROPOSED', archived: false });
    await expectEventually(() => expect(heard(identity.id).map((envelope) => envelope.type)).toEqual([IdentityProposed.type]));
    await expect(bed.ask(CreateIdentityNow, { userId, category: 'HOBBIES' as never, name: 'x' })).rejects.toMatchObject({
      name: 'ContractViolationError',
      message: expect.stringContaining('category'),
    });
  });

  it('should version every change, and show the identity as it was at any time', async () => {
    const userId = randomUUID();
    const created = await create(userId);
    const renamed = await bed.ask(EditIdentity, { userId, identityId: created.id, name: 'The Dawn Runner' });
    await bed.ask(EditIdentity, { userId, identityId: created.id, visualization: 'Frost on the path, the city still asleep.' });
    await bed.ask(AcceptIdentityNow, { userId, identityId: created.id });
    const archived = await bed.ask(ArchiveIdentityNow, { userId, identityId: created.id });

    const { items } = await bed.ask(IdentityHistory, { userId, identityId: created.id });
    expect(items.map(({ version, change, identity }) => [version, change, identity.name, identity.state, identity.archived])).toEqual([
      [1, 'PROPOSED', 'The Early Runner', 'PROPOSED', false],
      [2, 'UPDATED', 'The Dawn Runner', 'PROPOSED', false],
      [3, 'UPDATED', 'The Dawn Runner', 'PROPOSED', false],
      [4, 'ACCEPTED', 'The Dawn Runner', 'ACCEPTED', false],
      [5, 'ARCHIVED', 'The Dawn Runner', 'ACCEPTED', true],
    ]);
    expect(items[2]!.identity.visualization).toBe('Frost on the path, the city still asleep.');
    // A page at a time: the cursor names the last version given.
    const first = await bed.ask(IdentityHistory, { userId, identityId: created.id, limit: 3 });
    expect(first.items.map(({ version }) => version)).toEqual([1, 2, 3]);
    expect(await bed.ask(IdentityHistory, { userId, identityId: created.id, limit: 3, cursor: first.nextCursor! })).toEqual({ items: items.slice(3), nextCursor: null });
    await expect(bed.ask(IdentityHistory, { userId, identityId: created.id, cursor: 'nonsense' })).rejects.toMatchObject({ status: 400, code: 'BAD_CURSOR' });
    expect(await bed.ask(IdentityHistoryV1, { userId, identityId: created.id })).toEqual({ items });
    expect(items.at(-1)!.identity).toEqual(archived);

    // As it was: at each version's time, and between two versions the earlier one.
    expect(await bed.ask(GetIdentity, { userId, identityId: created.id, asOf: created.updatedAt })).toMatchObject({ name: 'The Early Runner', state: 'PROPOSED' });
    const between = new Date((Date.parse(renamed.updatedAt) + Date.parse(items[2]!.changedAt)) / 2).toISOString();
    expect((await bed.ask(GetIdentity, { userId, identityId: created.id, asOf: between })).name).toBe('The Dawn Runner');
    expect(await bed.ask(GetIdentity, { userId, identityId: created.id, asOf: new Date().toISOString() })).toEqual(archived);
    // Before it existed, or someone else's: 404, as a missing identity.
    await expect(bed.ask(GetIdentity, { userId, identityId: created.id, asOf: '2020-01-01T00:00:00.000Z' })).rejects.toMatchObject(notFound);
    await expect(bed.ask(GetIdentity, { userId: randomUUID(), identityId: created.id, asOf: new Date().toISOString() })).rejects.toMatchObject(notFound);
    await expect(bed.ask(IdentityHistory, { userId: randomUUID(), identityId: created.id })).rejects.toMatchObject(notFound);
    await expect(bed.ask(GetIdentity, { userId, identityId: created.id, asOf: 'yesterday' })).rejects.toMatchObject({ name: 'ContractViolationError', message: expect.stringContaining('asOf') });
  });

  it('should archive once (409 after), and answer 404 for another user', async () => {
    const userId = randomUUID();
    const identity = await create(userId);
    await expect(bed.ask(ArchiveIdentityNow, { userId: randomUUID(), identityId: identity.id })).rejects.toMatchObject(notFound);
    expect(await bed.ask(ArchiveIdentityNow, { userId, identityId: identity.id })).toMatchObject({ archived: true });
    await expect(bed.ask(ArchiveIdentityNow, { userId, identityId: identity.id })).rejects.toMatchObject({ status: 409 });
  });

  it('should delete an identity and its history: archived first, so current-identity rules run, then deleted', async () => {
    const userId = randomUUID();
    const identity = await create(userId);
    await bed.ask(AcceptIdentityNow, { userId, identityId: identity.id });
    const carrying = (types: string[]) =>
      bed.sql<{ published: boolean }>("select published_at is not null as published from identities.outbox where envelope->'payload'->'identity'->>'id' = $1 and envelope->>'type' = any($2)", [
        identity.id,
        types,
      ]);
    // Published before the deletion: these are what it must take away.
    await expectEventually(async () => expect(await carrying([IdentityProposed.type, 'identity.accepted'])).toEqual([{ published: true }, { published: true }]));
    await expect(bed.ask(DeleteIdentityNow, { userId: randomUUID(), identityId: identity.id })).rejects.toMatchObject(notFound);

    expect(await bed.ask(DeleteIdentityNow, { userId, identityId: identity.id })).toEqual({ deleted: true });
    await expectEventually(() => {
      const last = heard(identity.id).slice(-2);
      expect(last.map((envelope) => envelope.type).sort()).toEqual([IdentityArchived.type, IdentityDeleted.type].sort());
      // Emitted archived first; on two subjects they may arrive in either order.
      const at = (type: string) => Date.parse(last.find((envelope) => envelope.type === type)!.occurredAt);
      expect(at(IdentityArchived.type)).toBeLessThanOrEqual(at(IdentityDeleted.type));
    });
    expect(await bed.sql('select 1 from identities.identities where id = $1', [identity.id])).toEqual([]);
    expect(await bed.sql('select 1 from identities.identity_versions where identity_id = $1', [identity.id])).toEqual([]);
    // The published events that carried its words are gone with it (the archiving it announced last goes out as any event).
    expect(await carrying([IdentityProposed.type, 'identity.accepted'])).toEqual([]);
    await expect(bed.ask(IdentityHistory, { userId, identityId: identity.id })).rejects.toMatchObject(notFound);
    await expect(bed.ask(DeleteIdentityNow, { userId, identityId: identity.id })).rejects.toMatchObject(notFound);

    // An archived identity is only deleted: no second identity.archived.
    const old = await create(userId, 'The Old Habit');
    await bed.ask(ArchiveIdentityNow, { userId, identityId: old.id });
    await bed.ask(DeleteIdentityNow, { userId, identityId: old.id });
    await expectEventually(() => expect(heard(old.id).map((envelope) => envelope.type)).toEqual([IdentityProposed.type, IdentityArchived.type, IdentityDeleted.type]));
  });
});
