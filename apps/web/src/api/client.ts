// Every call the web app makes to the gateway goes through this folder. The client is typed by
// schema.d.ts, which `npm run openapi:generate` writes from docs/openapi.json.
import createClient, { type Middleware } from 'openapi-fetch';

import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type User = Schemas['UserDto'];

let csrfToken = '';

/** The session's CSRF token (from login or GET /v1/auth/browser/session), sent on every unsafe request. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** The gateway on this page's origin; the session travels in its httpOnly cookie. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

/** An error the gateway answered, with its message (which names the field for a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(error: unknown, status: number): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const message = (error as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  if (error && typeof error === 'object' && 'detail' in error && typeof (error as { detail: unknown }).detail === 'string') return (error as { detail: string }).detail;
  return `The request failed (${status})`;
}

/** The data of a successful call, or an ApiError. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, messageOf(error, response.status));
  return data as T;
}
