import { redactUrl } from './logger.module';

describe(redactUrl.name, () => {
  it('should replace a stream ticket or token in the query, and keep the rest of the URL', () => {
    expect(redactUrl('/v1/events?ticket=abc_DEF-123')).toBe('/v1/events?ticket=[redacted]');
    expect(redactUrl('/v1/events?x=1&TOKEN=secret&y=2')).toBe('/v1/events?x=1&TOKEN=[redacted]&y=2');
    expect(redactUrl('/v1/chat/messages?q=ticket%3D1&limit=5')).toBe('/v1/chat/messages?q=ticket%3D1&limit=5');
  });
});
