import { classifyMemory } from './memory-class';

describe(classifyMemory.name, () => {
  it.each([
    ["He's having knee replacement surgery next month", 'health'],
    ["I've been sleeping badly for weeks", 'health'],
    ['I started therapy for my anxiety', 'health'],
    ["I'm so stressed about the launch", 'emotions'],
    ['I cried when he asked', 'emotions'],
    ['Has been feeling low', 'emotions'],
    ['Has a wife named Jen, who is a doctor at the hospital', 'relationships'],
    ['My sister Lucia is flying in from Denver', 'relationships'],
    ['Works as a backend developer at Ledgerly', 'work'],
    ['The postmortem is on Tuesday', 'work'],
    ['Loves hiking in the mountains', 'other'],
    ['Lives in Lisbon', 'other'],
    ['The Harbor Health call went well', 'other'],
  ])('should class %j as %s', (text, expected) => {
    expect(classifyMemory(text)).toBe(expected);
  });

  it('should class a wellbeing note as emotions, and a relationship note without kin words as relationships', () => {
    expect(classifyMemory('Has been calmer lately', 'wellbeing')).toBe('emotions');
    expect(classifyMemory('Lucia is a park ranger', 'relationship')).toBe('relationships');
    expect(classifyMemory('Wants to feel calmer when they lead their team', 'goal')).toBe('work');
    expect(classifyMemory('Wants to recover from knee surgery', 'goal')).toBe('health');
  });
});
