import { BadCursorError, decodeCursor, encodeCursor, keysetAfter, keysetCursor, keysetPageOf, offsetAfter, offsetCursor, offsetPageOf, pageOf } from './pagination';

describe('cursors', () => {
  it('should read back what it wrote, and refuse anything else with a 400 naming cursor', () => {
    const position = { at: '2026-11-23T10:00:00.000Z', id: '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61' };
    expect(decodeCursor(keysetCursor, encodeCursor(position))).toEqual(position);
    expect(keysetAfter(encodeCursor(position))).toEqual(position);
    expect(keysetAfter(undefined)).toBeUndefined();
    for (const bad of ['%%%', encodeCursor({ offset: 3 }), Buffer.from('not json').toString('base64url')]) {
      expect(() => decodeCursor(keysetCursor, bad)).toThrow(BadCursorError);
    }
    expect(() => keysetAfter('%%%')).toThrow(expect.objectContaining({ code: 'BAD_CURSOR', status: 400, message: expect.stringContaining('cursor') }));
    expect(decodeCursor(offsetCursor, encodeCursor({ offset: 3 }))).toEqual({ offset: 3 });
    expect(offsetAfter(undefined)).toBe(0);
    expect(() => offsetAfter(encodeCursor(position))).toThrow(BadCursorError);
  });

  it('should give a next cursor only when there is a next page', () => {
    expect(pageOf([1, 2, 3], 2, (last) => ({ offset: last }))).toEqual({ items: [1, 2], nextCursor: encodeCursor({ offset: 2 }) });
    expect(pageOf([1, 2], 2, (last) => ({ offset: last }))).toEqual({ items: [1, 2], nextCursor: null });
    const at = new Date('2026-11-23T10:00:00.000Z');
    const rows = [
      { at, id: 'a' },
      { at, id: 'b' },
      { at, id: 'c' },
    ];
    expect(keysetPageOf(rows, 2, (row) => row).nextCursor).toBe(encodeCursor({ at: at.toISOString(), id: 'b' }));
    expect(offsetAfter(offsetPageOf([1, 2, 3], 4, 2).nextCursor!)).toBe(6);
    expect(offsetPageOf([1, 2], 4, 2).nextCursor).toBeNull();
  });
});
