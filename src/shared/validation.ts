import * as v from 'valibot';
import { ValidationError, type FieldError } from './errors';

/** Turns valibot issues into `{ path, message }` pairs with dotted paths (`price.amount`). */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path?.map((p) => String(p.key)).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parses or throws a ValidationError (422) naming every offending field. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, input: unknown, what = 'request body'): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    throw new ValidationError(`The ${what} is invalid.`, fieldErrors(result.issues));
  }
  return result.output;
}
