import type { Context } from 'hono';
import * as v from 'valibot';
import { BadRequestError, NotFoundError, UnsupportedMediaTypeError } from '../shared/errors';
import { parseOrThrow } from '../shared/validation';

/** Reads a JSON body and validates it; malformed JSON is a 400, a schema miss a 422. */
export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type');
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError('Send the body as JSON with Content-Type: application/json.');
  }
  const text = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError('The body is not valid JSON.');
  }
  return parseOrThrow(schema, parsed);
}

/**
 * Reads a page's script-less form (urlencoded or multipart) and validates it: another media type
 * is a 415, a body that does not parse a 400, a schema miss a 422.
 */
export async function formBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(?:application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    throw new UnsupportedMediaTypeError('Send the form as application/x-www-form-urlencoded.');
  }
  let parsed: unknown;
  try {
    parsed = await c.req.parseBody();
  } catch {
    throw new BadRequestError('The form could not be read.');
  }
  return parseOrThrow(schema, parsed, 'form');
}

/** `?limit=&cursor=` of every staff and operator listing; the contract documents this very object. */
export const PageQuerySchema = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'), v.transform(Number), v.minValue(1), v.maxValue(100)),
    '20',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

/** `?limit=&cursor=` for listings; other query parameters are ignored, never trusted. */
export function pageQuery(c: Context) {
  return parseOrThrow(PageQuerySchema, { limit: c.req.query('limit'), cursor: c.req.query('cursor') }, 'query string');
}

/** A product's, image's or user's id in a path; the contract documents this very object. */
export const IdParamSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/));

/** Ids go into keys: only these shapes are ever looked up. */
export const isId = (value: string) => v.is(IdParamSchema, value);

/** Ids go into keys, so anything that is not id-shaped simply does not exist. */
export function idParam(c: Context, name = 'id'): string {
  const value = c.req.param(name);
  if (!v.is(IdParamSchema, value)) throw new NotFoundError(`No such ${name === 'id' ? 'product' : name}.`);
  return value;
}
