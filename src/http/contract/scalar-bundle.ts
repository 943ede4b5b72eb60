import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Scalar's standalone browser bundle (3.5 MB, a devDependency), read from node_modules on the
 * first `GET /docs/scalar.js`. scripts/build-lambda.ts copies the file next to the Lambda's
 * `index.mjs` and swaps this module for one reading it from there, so neither the file nor this
 * read is on the cold path.
 */
let loaded: Promise<string> | undefined;

export function loadScalarBundle(): Promise<string> {
  loaded ??= readFile(path.join(path.dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js'), 'utf8').catch(
    (error: unknown) => {
      loaded = undefined;
      throw error;
    },
  );
  return loaded;
}
