import { redactRequestUrl } from './request-url';

describe(redactRequestUrl.name, () => {
  it('should replace a stream ticket or token in the query, and keep the rest of the URL', () => {
    expect(redactRequestUrl('/v1/events?ticket=abc_DEF-123')).toBe('/v1/events?ticket=[redacted]');
    expect(redactRequestUrl('/v1/events?x=1&TOKEN=secret&y=2')).toBe('/v1/events?x=1&TOKEN=[redacted]&y=2');
    expect(redactRequestUrl('/v1/chat/messages?q=ticket%3D1&limit=5')).toBe('/v1/chat/messages?q=ticket%3D1&limit=5');
  });
});
