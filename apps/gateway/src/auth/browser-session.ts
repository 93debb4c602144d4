import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Browser sessions: the same opaque session token as a bearer client's, carried in an httpOnly,
 * SameSite=Strict cookie that page scripts cannot read. Requests that change state also carry
 * `X-CSRF-Token`, a value derived from the session token (SHA-256 under a fixed label): a page
 * of another site can neither read it nor compute it, and the gateway needs no state to check it.
 */
export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The CSRF token that belongs to a session token. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`tandem csrf v1\0${sessionToken}`).digest('base64url');
}

/** Whether `presented` is the CSRF token of `sessionToken`, compared in constant time. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The Set-Cookie value that starts (maxAgeSeconds > 0) or clears (0) the browser session. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${maxAgeSeconds > 0 ? encodeURIComponent(token) : ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}
