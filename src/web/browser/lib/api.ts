/**
 * Calls to this site's JSON API with the session cookie. Every call sends the CSRF header the
 * server requires of cookie-authenticated requests that change something (a cross-site page
 * cannot add it), and the browser adds `Sec-Fetch-Site: same-origin` itself. A 401 means the ID
 * token cookie expired: the refresh cookie gets a new one once, then the call is retried.
 */
export type Problem = { type?: string; detail?: string; errors?: { path: string; message: string }[] };

/** The API's answer to an admin or operator who has not enrolled an authenticator app yet. */
export const MFA_ENROLMENT_REQUIRED = '/problems/mfa-enrolment-required';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type?: string,
    /** The fields a 422 names (`variants.0.sku`), for showing each message beside its field. */
    readonly errors: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function problemMessage(body: unknown, fallback: string): string {
  const problem = (body ?? {}) as Problem;
  if (problem.errors?.length) return problem.errors.map((e) => `${e.path} ${e.message}`).join('; ');
  return problem.detail ?? fallback;
}

export const PAGE_HEADERS: Readonly<Record<string, string>> = { 'x-csrf': '1' };

async function send(method: string, path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? PAGE_HEADERS : { ...PAGE_HEADERS, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function parse(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One JSON call, body parsed; a problem becomes an ApiError with its detail. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  const parsed = await parse(response);
  if (!response.ok) {
    const problem = parsed as Problem | undefined;
    throw new ApiError(problemMessage(parsed, response.statusText || `HTTP ${response.status}`), response.status, problem?.type, problem?.errors ?? []);
  }
  return parsed as T;
}

/** An API client for pages signed in through `<sessionBase>` (`/auth/session` or `/platform/auth/session`). */
export function createApi(sessionBase: string) {
  return async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await call<T>(method, path, body);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      const refreshed = await send('POST', `${sessionBase}/refresh`, undefined);
      if (!refreshed.ok) throw error;
      return call<T>(method, path, body);
    }
  };
}
