import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { MoneySchema, PublicProductSchema, ShownProductSchema } from '../../catalog/product';
import { ChallengeAnswerSchema, TokensAnswerSchema, UserRecordSchema } from '../../identity/account';
import { InventoryEntrySchema } from '../../inventory/inventory';
import { TenantRecordSchema } from '../../tenants/registry';
import { CSRF_HEADER, SESSION_COOKIE } from '../session-cookie';
import { ProblemSchema, TITLES } from '../problem';
import { OPERATIONS, openApiPath, operationId, problemStatuses, type Operation, type ResponseSpec } from './operations';

/**
 * The OpenAPI 3.1 document, converted from the valibot schemas of operations.ts by
 * @valibot/to-json-schema (JSON Schema 2020-12, OpenAPI 3.1's own dialect). Built on the first
 * `GET /openapi.json`, never at cold start (routes.ts imports this module lazily).
 */

type JsonSchema = Record<string, unknown>;

/** Schemas shown once under `components.schemas` and referenced wherever they occur. */
const COMPONENTS = {
  Problem: ProblemSchema,
  Money: MoneySchema,
  Product: ShownProductSchema,
  PublicProduct: PublicProductSchema,
  InventoryEntry: InventoryEntrySchema,
  User: UserRecordSchema,
  Store: TenantRecordSchema,
  Tokens: TokensAnswerSchema,
  Challenge: ChallengeAnswerSchema,
} satisfies Record<string, v.GenericSchema>;

/**
 * Request schemas describe what is sent (`typeMode: 'input'`): a conversion stops at the first
 * transform. Trimming, lower-casing and cross-field checks (`minPrice ≤ maxPrice`) have no JSON
 * Schema form; the server applies them and answers 422 with the field's message. Anything else
 * that cannot be converted throws, so nothing is dropped from the contract unnoticed.
 */
const CONVERSION: ConversionConfig = {
  target: 'draft-2020-12',
  typeMode: 'input',
  errorMode: 'throw',
  ignoreActions: ['trim', 'to_lower_case', 'to_upper_case', 'check'],
  definitions: COMPONENTS,
  overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
  // A password must match several patterns; JSON Schema has one `pattern` per schema, so the rest go to `allOf`.
  overrideAction: ({ valibotAction, jsonSchema, errors }) => {
    if (valibotAction.type !== 'regex' || !errors) return undefined;
    const pattern = (valibotAction as v.RegexAction<string, string>).requirement.source;
    return { ...jsonSchema, allOf: [...(jsonSchema.allOf ?? []), { pattern }] };
  },
};

function jsonSchema(schema: v.GenericSchema): JsonSchema {
  const { $schema: _dialect, $defs: _defs, ...rest } = toJsonSchema(schema, CONVERSION) as JsonSchema;
  return rest;
}

/** A component's own schema, not a reference to itself. */
function componentSchema(name: keyof typeof COMPONENTS): JsonSchema {
  const { [name]: _self, ...others } = COMPONENTS;
  const { $schema: _dialect, $defs: _defs, ...rest } = toJsonSchema(COMPONENTS[name], { ...CONVERSION, definitions: others }) as JsonSchema;
  return rest;
}

const PROBLEM_TYPE = 'application/problem+json';

function response(spec: ResponseSpec) {
  const headers =
    spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  const base = { description: spec.description, ...(headers ? { headers } : {}) };
  if ('json' in spec) return { ...base, content: { 'application/json': { schema: jsonSchema(spec.json) } } };
  if ('contentType' in spec) return { ...base, content: { [spec.contentType]: {} } };
  return base;
}

function parameters(op: Operation) {
  const params: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(op.pathParams ?? {})) {
    params.push({ name, in: 'path', required: true, schema: jsonSchema(schema) });
  }
  if (op.query) {
    const query = jsonSchema(op.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      params.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  for (const header of op.headers ?? []) {
    params.push({ name: header.name, in: 'header', required: header.required, description: header.description, schema: jsonSchema(header.schema) });
  }
  return params;
}

function security(op: Operation) {
  if (op.access === 'public') return [];
  return [{ bearer: [] }, { session: [], csrf: [] }];
}

const HOSTS: Record<Operation['host'], string> = {
  store: "On a store's domains only: the store is the Host header's.",
  platform: "On the platform's own hosts only (PLATFORM_HOSTS); 404 on a store's domain.",
  any: 'On every host.',
};

function operation(op: Operation) {
  const who = op.access === 'public' ? 'Anyone.' : `Roles: ${op.access.join(', ')}.`;
  const pages = op.pagesOnly ? ` For the site's own pages: needs \`${CSRF_HEADER}: 1\` and \`Sec-Fetch-Site: same-origin\` (403 otherwise).` : '';
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(op.responses)) responses[status] = response(spec);
  if (op.kind === undefined || op.kind === 'api') {
    for (const status of problemStatuses(op)) responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
  }
  const params = parameters(op);
  return {
    operationId: operationId(op),
    summary: op.summary,
    description: `${HOSTS[op.host]} ${who}${pages}`,
    tags: [op.tag],
    security: security(op),
    'x-access': op.access,
    'x-host': op.host,
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
    responses,
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  const statuses = new Set<number>();
  for (const op of OPERATIONS) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    paths[path][op.method] = operation(op);
    if (op.kind === undefined || op.kind === 'api') for (const status of problemStatuses(op)) statuses.add(status);
  }
  const problemResponses = Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => [
        `Problem${status}`,
        { description: TITLES[status] ?? 'Error', content: { [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } },
      ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Catalog platform API',
      version: '0.1.0',
      description: [
        "One API on every host. A store's routes answer on each of its domains, the store being the Host header's, so the same paths serve every store;",
        "the operators' routes (`/platform/…`) answer on the platform's own hosts only. Errors are RFC 9457 problem details (`application/problem+json`),",
        'every response carries `x-request-id`, bodies are limited to 64 KiB.',
      ].join(' '),
    },
    servers: [{ url: '/', description: 'The host this document was fetched from' }],
    components: {
      schemas: Object.fromEntries((Object.keys(COMPONENTS) as (keyof typeof COMPONENTS)[]).map((name) => [name, componentSchema(name)])),
      responses: problemResponses,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The ID token from a sign-in (`idToken`).' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: "The pages' HttpOnly session cookie (set by `/auth/session…`)." },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF', description: 'With the session cookie: `X-CSRF: 1` (a header another site cannot send).' },
      },
    },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
