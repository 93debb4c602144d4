import { toJsonSchema } from '@langchain/core/utils/json_schema';

import { COACH_ACTION_NAMES, coachActionTools, parseCoachActionCall } from './coach-actions';

describe(parseCoachActionCall.name, () => {
  it('should accept valid calls and narrow their arguments', () => {
    const result = parseCoachActionCall({ name: 'propose_identity', args: { category: 'FAMILY', name: 'The Devoted Parent' } });

    expect(result).toEqual({ ok: true, action: { name: 'propose_identity', args: { category: 'FAMILY', name: 'The Devoted Parent' } } });
    expect(parseCoachActionCall({ name: 'accept_identity', args: {} })).toMatchObject({ ok: true });
    expect(parseCoachActionCall({ name: 'transition_phase', args: { toPhase: 'INTEGRATION' } })).toMatchObject({ ok: true });
    expect(parseCoachActionCall({ name: 'suggest_connection', args: { context: '  Migrating our database to Postgres ', limit: 2 } })).toEqual({
      ok: true,
      action: { name: 'suggest_connection', args: { context: 'Migrating our database to Postgres', limit: 2 } },
    });
    const noteId = '5c0e2b1a-8f3d-4a6e-9b7c-1d2e3f4a5b6c';
    expect(parseCoachActionCall({ name: 'forget_note', args: { noteId } })).toEqual({ ok: true, action: { name: 'forget_note', args: { noteId } } });
    expect(parseCoachActionCall({ name: 'correct_note', args: { noteId, content: ' Works as a nurse ' } })).toEqual({
      ok: true,
      action: { name: 'correct_note', args: { noteId, content: 'Works as a nurse' } },
    });
  });

  it.each([
    [{ name: 'delete_user', args: {} }, /unknown action delete_user/],
    [{ name: 'propose_identity', args: { category: 'HOBBIES', name: 'x' } }, /category/],
    [{ name: 'transition_phase', args: { toPhase: 'DONE' } }, /toPhase/],
    [{ name: 'accept_identity', args: { identityId: 'not-a-uuid' } }, /identityId/],
    [{ name: 'update_identity', args: {} }, /needs a name, an affirmation or a visualization/],
    [{ name: 'suggest_connection', args: {} }, /context/],
    [{ name: 'suggest_connection', args: { context: 'db' } }, /context/],
    [{ name: 'suggest_connection', args: { context: 'x'.repeat(1_001) } }, /context/],
    [{ name: 'suggest_connection', args: { context: 'Kubernetes upgrades', limit: 6 } }, /limit/],
    [{ name: 'forget_note', args: { noteId: 'the one about work' } }, /noteId/],
    [{ name: 'correct_note', args: { noteId: '5c0e2b1a-8f3d-4a6e-9b7c-1d2e3f4a5b6c' } }, /content/],
    [{ name: 'correct_note', args: { noteId: '5c0e2b1a-8f3d-4a6e-9b7c-1d2e3f4a5b6c', content: '   ' } }, /content/],
  ])('should refuse %j', (call, error) => {
    const result = parseCoachActionCall(call);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });
});

describe(coachActionTools.name, () => {
  it('should give every action as a tool with a JSON schema', () => {
    const tools = coachActionTools();

    expect(tools.map((tool) => tool.name)).toEqual(COACH_ACTION_NAMES);
    expect(toJsonSchema(tools[0]!.schema)).toMatchObject({ type: 'object', required: ['category', 'name'] });
    expect(coachActionTools(['accept_identity']).map((tool) => tool.name)).toEqual(['accept_identity']);
    expect(toJsonSchema(coachActionTools(['suggest_connection'])[0]!.schema)).toMatchObject({
      type: 'object',
      required: ['context'],
      properties: { context: { type: 'string', minLength: 3, maxLength: 1_000 }, limit: { type: 'integer', minimum: 1, maximum: 5 } },
    });
  });
});
