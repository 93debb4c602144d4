import { ChatError } from '../chat.errors';
import { decodeCursor, encodeCursor, keysetCursor, offsetCursor, pageOf } from './cursor';

describe('cursors', () => {
  it('should read back what it wrote, and refuse anything else with 400', () => {
    const position = { at: '2026-11-23T10:00:00.000Z', id: '0b7f6a43-1c1e-4f7a-9a57-3d8c2a4b5e61' };
    expect(decodeCursor(keysetCursor, encodeCursor(position))).toEqual(position);
    for (const bad of ['%%%', encodeCursor({ offset: 3 }), Buffer.from('not json').toString('base64url')]) {
      expect(() => decodeCursor(keysetCursor, bad)).toThrow(ChatError);
    }
    expect(decodeCursor(offsetCursor, encodeCursor({ offset: 3 }))).toEqual({ offset: 3 });
  });

  it('should give a next cursor only when there is a next page', () => {
    expect(pageOf([1, 2, 3], 2, (last) => ({ offset: last }))).toEqual({ items: [1, 2], nextCursor: encodeCursor({ offset: 2 }) });
    expect(pageOf([1, 2], 2, (last) => ({ offset: last }))).toEqual({ items: [1, 2], nextCursor: null });
  });
});
