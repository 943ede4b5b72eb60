/**
 * The test HTTP client, with no vitest import, so that race worker processes (plain Node) use the
 * same one as the test files. Every answer it sees is checked against the OpenAPI contract
 * (contract.ts): an undocumented route, status or body shape throws.
 */
import { checkAnswer } from './contract';

export type RequestingApp = { request(path: string, init?: RequestInit): Response | Promise<Response> };

/** `app.request` with a Host header and an optional bearer token, JSON in and out. */
export function client(app: RequestingApp, host: string, token?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(path, {
      method,
      headers: {
        host,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    checkAnswer(method, path, response.status, response.headers, json);
    return { status: response.status, headers: response.headers, body: json };
  };
}
