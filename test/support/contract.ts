/**
 * Checks answers against the OpenAPI contract (src/http/contract/): the shared test HTTP client
 * runs every answer it sees through `checkAnswer`, so the integration suites prove the contract
 * as a side effect of proving everything else. No vitest import: race workers use it too.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildOpenApiDocument } from '../../src/http/contract/document';
import { OPERATIONS, openApiPath, problemStatuses, type Operation } from '../../src/http/contract/operations';

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

type JsonObject = Record<string, any>;

let state: { document: JsonObject; ajv: Ajv2020; compiled: Map<string, ValidateFunction> } | undefined;

function contract() {
  if (!state) {
    const document = buildOpenApiDocument() as JsonObject;
    // strict: false, as the schemas carry OpenAPI's annotations (`x-…`) beside JSON Schema's keywords.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    state = { document, ajv, compiled: new Map() };
  }
  return state;
}

const matchers = OPERATIONS.map((op) => ({
  op,
  pattern: new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+').replace(/\/\*$/, '/.+')}$`),
}));

/** The operation answering `method path`, if the contract has one. */
export function operationFor(method: string, path: string): Operation | undefined {
  const pathname = new URL(path, 'http://x').pathname;
  return matchers.find(({ op, pattern }) => op.method === method.toLowerCase() && pattern.test(pathname))?.op;
}

/** The validator of a response's JSON body, compiled once, with the document's components in reach of its `$ref`s. */
function validatorFor(key: string, schema: JsonObject): ValidateFunction {
  const { ajv, compiled, document } = contract();
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: { schemas: document.components.schemas } });
    compiled.set(key, validate);
  }
  return validate;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/**
 * Throws a ContractViolation when an answer is not what the contract says: an operation it does
 * not have (only a 404/405 problem may answer an unknown route), a status the operation does not
 * document, a JSON API answer of another media type, or a body its schema refuses. Pages, assets
 * and images are documented with their media type only and not checked here.
 */
export function checkAnswer(method: string, path: string, status: number, headers: Headers, body: unknown): void {
  const where = `${method.toUpperCase()} ${path} → ${status}`;
  const type = headers.get('content-type') ?? '';
  const op = operationFor(method, path);
  if (!op) {
    if ((status === 404 || status === 405) && /^application\/problem\+json/.test(type)) {
      checkBody(where, 'problem', PROBLEM_REF, body);
      return;
    }
    throw new ContractViolation(`${where}: the contract (src/http/contract/operations.ts) has no such operation`);
  }
  if (op.kind === 'page' || op.kind === 'file') return;
  const spec = op.responses[status];
  if (!spec) {
    if (!problemStatuses(op).includes(status))
      throw new ContractViolation(`${where}: status ${status} is not documented for ${op.method.toUpperCase()} ${op.path}`);
    if (!/^application\/problem\+json/.test(type)) throw new ContractViolation(`${where}: a problem answer must be application/problem+json, was "${type}"`);
    checkBody(where, 'problem', PROBLEM_REF, body);
    return;
  }
  if ('empty' in spec) {
    if (body !== undefined && body !== '') throw new ContractViolation(`${where}: documented without a body, answered ${JSON.stringify(body).slice(0, 200)}`);
    return;
  }
  if ('json' in spec) {
    if (!/^application\/json/.test(type)) throw new ContractViolation(`${where}: documented as application/json, was "${type}"`);
    const schema = contract().document.paths[openApiPath(op.path)][op.method].responses[String(status)].content['application/json'].schema;
    checkBody(where, `${op.method} ${op.path} ${status}`, schema, body);
    return;
  }
}

function checkBody(where: string, key: string, schema: JsonObject, body: unknown) {
  const validate = validatorFor(key, schema);
  if (!validate(body)) {
    const errors = (validate.errors ?? [])
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`)
      .join('; ');
    throw new ContractViolation(`${where}: the body does not match the contract: ${errors}\nbody: ${JSON.stringify(body).slice(0, 600)}`);
  }
}
