/**
 * A request URL as logs and traces keep it: credentials in its query (a stream ticket, a token)
 * replaced. No imports: tracing loads this before anything else.
 */
export function redactRequestUrl(url: string): string {
  return url.replace(/([?&](?:ticket|token|access_token)=)[^&#]*/gi, '$1[redacted]');
}
