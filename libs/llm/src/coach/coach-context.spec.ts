import { formatCoachContext, parseCoachContext } from './coach-context';

const ID = '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61';

describe(parseCoachContext.name, () => {
  it('should read back what formatCoachContext writes', () => {
    const context = { phase: 'IDENTITY_REFINEMENT' as const, currentIdentityId: ID };

    expect(formatCoachContext(context)).toBe(`Phase: IDENTITY_REFINEMENT\nProposed identity: none\nCurrent identity: ${ID}`);
    expect(parseCoachContext(`You are a coach.\n\n${formatCoachContext(context)}\n`)).toEqual(context);
  });

  it('should let the last line win, ignore key case and skip unknown phases', () => {
    const prompt = ['Example:', 'Phase: GET_TO_KNOW_YOU', '', 'phase:  integration ', `PROPOSED IDENTITY: ${ID}`].join('\n');

    expect(parseCoachContext(prompt)).toEqual({ phase: 'INTEGRATION', proposedIdentityId: ID });
    expect(parseCoachContext('Phase: DANCING')).toEqual({});
    expect(parseCoachContext('The Phase: IDENTITY_CREATION is next')).toEqual({});
  });

  it('should carry the open commitments, one line each', () => {
    const openCommitments = [
      { id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', title: 'Walk 20 minutes every morning' },
      { id: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b', title: 'Journal before bed' },
    ];
    const text = formatCoachContext({ phase: 'INTEGRATION', openCommitments });
    expect(text).toContain('Open commitment: 2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a Walk 20 minutes every morning');
    expect(parseCoachContext(`Coach.\n\n${text}`)).toEqual({ phase: 'INTEGRATION', openCommitments });
  });
});
