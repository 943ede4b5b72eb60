import * as v from 'valibot';
import { BrowseQuerySchema } from '../../catalog/browse';
import { ImageAttachSchema, ImageUploadSchema, ImageUploadTicketSchema } from '../../catalog/media';
import { ProductCreateSchema, ProductPatchSchema, PublicProductSchema, ShownProductSchema } from '../../catalog/product';
import {
  ConfirmSchema,
  CreatedUserSchema,
  CreateUserSchema,
  ForgotPasswordSchema,
  LogInAnswerSchema,
  LogInSchema,
  LogOutSchema,
  MeSchema,
  MfaChallengeSchema,
  MfaSetupAnswerSchema,
  MfaSetupSchema,
  MfaVerifySchema,
  NewPasswordSchema,
  PageLogInAnswerSchema,
  PageMfaVerifySchema,
  PageSignedInSchema,
  RefreshSchema,
  ResetPasswordSchema,
  RoleChangeSchema,
  SignUpAnswerSchema,
  SignUpSchema,
  TokensAnswerSchema,
  UserRecordSchema,
} from '../../identity/account';
import type { Role } from '../../identity/roles';
import { AdjustmentSchema, InventoryEntrySchema, StockLevelSchema, VariantLevelSchema } from '../../inventory/inventory';
import { OnboardedSchema, OnboardingSchema } from '../../tenants/onboarding';
import { TenantRecordSchema } from '../../tenants/registry';
import { TenantIdSchema } from '../../tenants/tenant';
import { IdParamSchema, PageQuerySchema } from '../request';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKeySchema } from '../idempotency';
import { ChecklistSchema } from '../../console/getting-started';
import { ListedStoreSchema, StoreListQuerySchema } from '../../tenants/store-list';
import {
  HandoffRedeemSchema,
  SignUpAcceptedSchema,
  SlugAvailabilitySchema,
  StoreOpenedSchema,
  StoreSignUpConfirmSchema,
  StoreSignUpSchema,
} from '../../signup/signup';
import { groupingOperations } from './grouping-operations';
import { domainOperations } from './domain-operations';
import { pricingOperations } from './pricing-operations';
import { customerGroupOperations } from './customer-group-operations';
import { shoppingOperations } from './shopping-operations';
import { orderOperations } from './order-operations';
import { invoiceOperations } from './invoice-operations';
import { privacyOperations } from './privacy-operations';
import { transferOperations } from './transfer-operations';
import { searchOperations } from './search-operations';
import { offboardingOperations } from './offboarding-operations';
import { discountOperations } from './discount-operations';
import { reviewOperations } from './review-operations';
import { PublicSettingsSchema, StoreSettingsSchema, StoreSettingsUpdateSchema } from '../../settings/store-settings';
import { PlanChangeSchema, StorePlanSchema } from '../../plans/service';
import { PlatformUsageSchema, StoreUsageSchema } from '../../usage/service';

/**
 * The API's contract, one entry per route: the very valibot objects the handlers validate with
 * (never copies), and what each route answers. document.ts turns this table into OpenAPI 3.1;
 * the tests check every answer they see against it and fail when a route of the app is missing.
 */

type Schema = v.GenericSchema;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Where a route answers: a store's domains, the platform's own hosts, or any host. */
export type HostScope = 'store' | 'platform' | 'any';

/** A documented answer: JSON with its schema, JSON problem details, or another media type (pages, assets, images). */
export type ResponseSpec =
  | { description: string; json: Schema; headers?: Record<string, string> }
  | { description: string; contentType: string; headers?: Record<string, string> }
  | { description: string; empty: true; headers?: Record<string, string> };

/** A request header parameter: its name, whether it is required, what it is for. */
export type HeaderSpec = { name: string; required: boolean; description: string; schema: Schema };

export type Operation = {
  method: HttpMethod;
  /** Hono's form: `/admin/products/:id`, `/media/*`. */
  path: string;
  summary: string;
  tag: string;
  host: HostScope;
  /** 'public' or the roles allowed (the guard's, test/support/route-access.ts). */
  access: 'public' | readonly Role[];
  /** Cookie routes of the pages: `X-CSRF: 1` and `Sec-Fetch-Site: same-origin` required. */
  pagesOnly?: boolean;
  pathParams?: Record<string, Schema>;
  query?: Schema;
  headers?: readonly HeaderSpec[];
  body?: Schema;
  /** Success answers; the problem answers are added by `problemStatuses`. */
  responses: Record<number, ResponseSpec>;
  /** Problem statuses beyond those every route of its kind may answer (409 conflicts, 429 throttles). */
  problems?: readonly number[];
  /** A JSON API route (checked against its schemas by the tests) or a page, asset or image. */
  kind?: 'api' | 'page' | 'file';
};

/**
 * Request headers of the store's and operators' business POSTs (the writes a client may retry).
 * The one place they are declared: `Idempotency-Key` (issue 12 item 2) goes here and then shows
 * on every operation that spreads this list.
 */
export const BUSINESS_POST_HEADERS: readonly HeaderSpec[] = [
  {
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes a retry safe: the same key with the same request replays the first answer (with `Idempotent-Replayed: true`) instead of applying it again; with another request it is a 422, and while the first is still running a 409 with Retry-After. Kept 24 hours, per caller.',
    schema: IdempotencyKeySchema,
  },
];

const json = (description: string, schema: Schema, headers?: Record<string, string>): ResponseSpec => ({
  description,
  json: schema,
  ...(headers ? { headers } : {}),
});
const empty = (description: string): ResponseSpec => ({ description, empty: true });
const html = (description: string): ResponseSpec => ({ description, contentType: 'text/html' });

/** A listing's page: items and an opaque cursor (null on the last page). */
export const pageOf = (item: Schema) => v.strictObject({ items: v.array(item), nextCursor: v.nullable(v.string()) });

/** The storefront's listing: as a page, plus `stale: true` when the last good copy is served during an outage. */
const PublicPageSchema = v.strictObject({ ...pageOf(PublicProductSchema).entries, stale: v.optional(v.literal(true)) });

export const StoreSchema = v.strictObject({ id: v.string(), name: v.string(), settings: PublicSettingsSchema });
const HealthSchema = v.strictObject({ status: v.literal('ok') });
const ReadinessChecksSchema = v.record(v.string(), v.picklist(['ok', 'failing']));
const ReadySchema = v.strictObject({ status: v.literal('ready'), checks: ReadinessChecksSchema });
const NotReadySchema = v.strictObject({ status: v.literal('unavailable'), checks: ReadinessChecksSchema, failing: v.array(v.string()) });
/** The contract itself (its own schema is OpenAPI 3.1's). */
const OpenApiDocumentSchema = v.looseObject({ openapi: v.string(), info: v.looseObject({}), paths: v.looseObject({}) });

const STAFF = ['admin', 'clerk'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];
const MEMBERS = ['customer', 'clerk', 'admin'] as const satisfies readonly Role[];
const OPERATOR = ['operator'] as const satisfies readonly Role[];

const product = { id: IdParamSchema };
const variant = { id: IdParamSchema, variantId: IdParamSchema };
const slug = { slug: TenantIdSchema };
const tokens = json('Signed in: the tokens.', TokensAnswerSchema);
const signedInCookies = json('Signed in: the tokens are in `__Host-` HttpOnly cookies.', PageSignedInSchema);
const location = { location: "The new product's URL." };

/** The cookie sign-in family, on a store's domain and on the platform's hosts alike (session-routes.ts). */
function sessionOperations(base: string, host: HostScope, member: readonly Role[]): Operation[] {
  const common = { tag: 'Page sessions', host, pagesOnly: true } as const;
  return [
    {
      ...common,
      method: 'post',
      path: base,
      summary: 'Sign in from a page',
      access: 'public',
      body: LogInSchema,
      responses: { 200: json('Signed in, or the step to take first.', PageLogInAnswerSchema) },
      problems: [429],
    },
    {
      ...common,
      method: 'post',
      path: `${base}/new-password`,
      summary: 'Set a new password after a temporary one (page)',
      access: 'public',
      body: NewPasswordSchema,
      responses: { 200: signedInCookies },
      problems: [429],
    },
    {
      ...common,
      method: 'post',
      path: `${base}/mfa`,
      summary: 'Answer the authenticator-code challenge (page)',
      access: 'public',
      body: MfaChallengeSchema,
      responses: { 200: signedInCookies },
      problems: [429],
    },
    {
      ...common,
      method: 'post',
      path: `${base}/mfa/setup`,
      summary: 'Start enrolling an authenticator app (page)',
      access: member,
      responses: { 200: json('The secret for the app.', MfaSetupAnswerSchema) },
      problems: [409],
    },
    {
      ...common,
      method: 'post',
      path: `${base}/mfa/verify`,
      summary: 'Finish enrolling an authenticator app (page)',
      access: member,
      body: PageMfaVerifySchema,
      responses: { 204: empty('Enrolled.') },
    },
    {
      ...common,
      method: 'post',
      path: `${base}/refresh`,
      summary: 'Refresh the session cookie',
      access: 'public',
      responses: { 204: empty('A new ID token cookie.') },
    },
    {
      ...common,
      method: 'post',
      path: `${base}/logout`,
      summary: 'Sign out from a page',
      access: 'public',
      responses: { 204: empty('Session ended, cookies cleared.') },
    },
  ];
}

/** The token API's second factor, for store users and operators alike: the sign-in challenge, then enrolment. */
function mfaOperations(base: '/auth' | '/platform/auth', host: HostScope, tag: string, member: readonly Role[]): Operation[] {
  const common = { method: 'post', tag, host } as const;
  return [
    {
      ...common,
      path: `${base}/mfa/challenge`,
      summary: 'Answer the authenticator-code challenge',
      access: 'public',
      body: MfaChallengeSchema,
      responses: { 200: tokens },
      problems: [429],
    },
    {
      ...common,
      path: `${base}/mfa/setup`,
      summary: 'Start enrolling an authenticator app',
      access: member,
      body: MfaSetupSchema,
      responses: { 200: json('The secret for the app.', MfaSetupAnswerSchema) },
      problems: [409],
    },
    {
      ...common,
      path: `${base}/mfa/verify`,
      summary: 'Finish enrolling an authenticator app',
      access: member,
      body: MfaVerifySchema,
      responses: { 204: empty('Enrolled.') },
    },
  ];
}

function passwordResetOperations(prefix: '' | '/platform', host: HostScope, tag: string): Operation[] {
  return [
    {
      method: 'post',
      path: `${prefix}/auth/password/forgot`,
      tag,
      host,
      summary: 'Ask for a password-reset code',
      access: 'public',
      body: ForgotPasswordSchema,
      responses: { 202: empty('Accepted, whether or not the account exists.') },
      problems: [429],
    },
    {
      method: 'post',
      path: `${prefix}/auth/password/reset`,
      tag,
      host,
      summary: 'Set a new password with the emailed code',
      access: 'public',
      body: ResetPasswordSchema,
      responses: { 204: empty('Password changed; every session of the account ended.') },
      problems: [429],
    },
  ];
}

export const OPERATIONS: readonly Operation[] = [
  // Any host
  {
    method: 'get',
    path: '/health',
    tag: 'Health',
    host: 'any',
    summary: 'Liveness',
    access: 'public',
    responses: { 200: json('The process answers.', HealthSchema) },
  },
  {
    method: 'get',
    path: '/health/ready',
    tag: 'Health',
    host: 'any',
    summary: "Readiness: the table, the pool's keys and the bucket",
    access: 'public',
    responses: { 200: json('Every dependency answers.', ReadySchema), 503: json('A dependency fails (named, not why).', NotReadySchema) },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Contract',
    host: 'any',
    summary: 'This document',
    access: 'public',
    responses: { 200: json('The OpenAPI 3.1 document.', OpenApiDocumentSchema) },
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Contract',
    host: 'any',
    summary: 'The interactive API reference (Scalar)',
    access: 'public',
    kind: 'page',
    responses: { 200: html('The reference page.') },
  },
  {
    method: 'get',
    path: '/docs/:file',
    tag: 'Contract',
    host: 'any',
    summary: "The reference page's script, served from this origin",
    access: 'public',
    kind: 'file',
    pathParams: { file: v.string() },
    responses: {
      200: { description: 'JavaScript.', contentType: 'text/javascript' },
      404: { description: 'No such file.', contentType: 'application/problem+json' },
    },
  },
  {
    method: 'get',
    path: '/assets/:file',
    tag: 'Pages',
    host: 'any',
    summary: "The pages' bundled scripts and stylesheet (content-hashed, immutable)",
    access: 'public',
    kind: 'file',
    pathParams: { file: v.string() },
    responses: {
      200: { description: 'JavaScript or CSS.', contentType: 'text/javascript' },
      404: { description: 'No such file.', contentType: 'application/problem+json' },
    },
  },
  {
    method: 'get',
    path: '/favicon.svg',
    tag: 'Pages',
    host: 'any',
    summary: "The pages' icon",
    access: 'public',
    kind: 'file',
    responses: { 200: { description: 'An SVG image.', contentType: 'image/svg+xml' } },
  },
  {
    method: 'get',
    path: '/media/*',
    tag: 'Pages',
    host: 'any',
    summary: 'A product image (locally; CloudFront serves these on AWS)',
    access: 'public',
    kind: 'file',
    pathParams: { key: v.string() },
    responses: { 200: { description: 'The image.', contentType: 'image/*' }, 404: { description: 'No such image.', contentType: 'application/problem+json' } },
  },

  // The platform's hosts
  {
    method: 'get',
    path: '/platform',
    tag: 'Pages',
    host: 'platform',
    summary: 'The operator console',
    access: 'public',
    kind: 'page',
    responses: { 200: html('The page.') },
  },
  {
    method: 'post',
    path: '/platform/auth/login',
    tag: 'Operator sign-in',
    host: 'platform',
    summary: 'Operator sign-in',
    access: 'public',
    body: LogInSchema,
    responses: { 200: json('Tokens, or the step to take first.', LogInAnswerSchema) },
    problems: [429],
  },
  {
    method: 'post',
    path: '/platform/auth/refresh',
    tag: 'Operator sign-in',
    host: 'platform',
    summary: 'New operator tokens from a refresh token',
    access: 'public',
    body: RefreshSchema,
    responses: { 200: tokens },
  },
  ...mfaOperations('/platform/auth', 'platform', 'Operator sign-in', OPERATOR),
  {
    method: 'post',
    path: '/platform/auth/logout',
    tag: 'Operator sign-in',
    host: 'platform',
    summary: 'Operator sign-out',
    access: OPERATOR,
    body: LogOutSchema,
    responses: { 204: empty('Session ended.') },
  },
  ...passwordResetOperations('/platform', 'platform', 'Operator sign-in'),
  ...sessionOperations('/platform/auth/session', 'platform', OPERATOR),
  {
    method: 'get',
    path: '/platform/tenants',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: 'List stores, or find them by slug, name or domain prefix (`q`)',
    access: OPERATOR,
    query: StoreListQuerySchema,
    responses: { 200: json('A page of stores, each with its usage once usage is metered.', pageOf(ListedStoreSchema)) },
  },
  {
    method: 'post',
    path: '/platform/tenants',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: 'Onboard a store and its first admin',
    access: OPERATOR,
    headers: BUSINESS_POST_HEADERS,
    body: OnboardingSchema,
    responses: { 201: json("The store and its first admin's temporary password (shown once).", OnboardedSchema) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/platform/tenants/:slug',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: 'One store',
    access: OPERATOR,
    pathParams: slug,
    responses: { 200: json('The store.', TenantRecordSchema) },
  },
  {
    method: 'post',
    path: '/platform/tenants/:slug/suspend',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: 'Suspend a store (every route of it answers 403)',
    access: OPERATOR,
    headers: BUSINESS_POST_HEADERS,
    pathParams: slug,
    responses: { 200: json('The store.', TenantRecordSchema) },
  },
  {
    method: 'post',
    path: '/platform/tenants/:slug/resume',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: 'Resume a suspended store',
    access: OPERATOR,
    headers: BUSINESS_POST_HEADERS,
    pathParams: slug,
    responses: { 200: json('The store.', TenantRecordSchema) },
  },
  {
    method: 'get',
    path: '/signup/slugs/:slug',
    tag: 'Sign-up (store owners)',
    host: 'platform',
    summary: 'Whether a slug can be had, and free ones alike when not',
    access: 'public',
    pathParams: { slug: v.string() },
    responses: { 200: json('Available, or why not (invalid, reserved, taken, retired, held) with suggestions.', SlugAvailabilitySchema) },
    problems: [429],
  },
  {
    method: 'post',
    path: '/signup',
    tag: 'Sign-up (store owners)',
    host: 'platform',
    summary: 'Sign up for a store: its name, slug and plan, the owner’s email and password; the code is emailed',
    access: 'public',
    headers: BUSINESS_POST_HEADERS,
    body: StoreSignUpSchema,
    responses: { 202: json('The slug is held for this sign-up until `heldUntil`; confirm with the emailed code.', SignUpAcceptedSchema) },
    problems: [409, 429],
  },
  {
    method: 'post',
    path: '/signup/confirm',
    tag: 'Sign-up (store owners)',
    host: 'platform',
    summary: 'Confirm the emailed code: the store opens, the owner is its first admin',
    access: 'public',
    body: StoreSignUpConfirmSchema,
    responses: { 201: json('The store, its console, and (with the password) a one-time sign-in for it.', StoreOpenedSchema) },
    problems: [409, 429],
  },

  // A store's domains (the platform host's `/` is its start page, the same path)
  {
    method: 'get',
    path: '/',
    tag: 'Pages',
    host: 'any',
    summary: "The storefront (on the platform's hosts: the start page)",
    access: 'public',
    kind: 'page',
    responses: { 200: html('The page.') },
  },
  {
    method: 'get',
    path: '/p/:id',
    tag: 'Pages',
    host: 'store',
    summary: 'A product page',
    access: 'public',
    kind: 'page',
    pathParams: product,
    responses: { 200: html('The page.'), 404: html('No such product.') },
  },
  {
    method: 'get',
    path: '/sitemap.xml',
    tag: 'Pages',
    host: 'store',
    summary: "The store's sitemap: the catalog and its active products' pages (at most 1,000), on the store's primary domain",
    access: 'public',
    kind: 'file',
    responses: { 200: { description: 'A sitemaps.org urlset.', contentType: 'application/xml' } },
  },
  {
    method: 'get',
    path: '/robots.txt',
    tag: 'Pages',
    host: 'store',
    summary: 'What crawlers may read, and where the sitemap is',
    access: 'public',
    kind: 'file',
    responses: { 200: { description: 'robots.txt.', contentType: 'text/plain' } },
  },
  {
    method: 'get',
    path: '/account',
    tag: 'Pages',
    host: 'store',
    summary: 'Sign-in, sign-up and password reset for shoppers',
    access: 'public',
    kind: 'page',
    responses: { 200: html('The page.') },
  },
  {
    method: 'get',
    path: '/admin',
    tag: 'Pages',
    host: 'store',
    summary: 'The store console',
    access: 'public',
    kind: 'page',
    responses: { 200: html('The page.') },
  },
  {
    method: 'get',
    path: '/store',
    tag: 'Catalog',
    host: 'store',
    summary: 'The store this host belongs to',
    access: 'public',
    responses: { 200: json('The store.', StoreSchema) },
  },
  {
    method: 'get',
    path: '/products',
    tag: 'Catalog',
    host: 'store',
    summary: "Browse the store's active products",
    access: 'public',
    query: BrowseQuerySchema,
    responses: { 200: json('A page of products (`x-cache: stale` when served from the last good copy).', PublicPageSchema) },
  },
  {
    method: 'get',
    path: '/products/:id',
    tag: 'Catalog',
    host: 'store',
    summary: 'One active product (a browser, `Accept: text/html` first, is sent to its page)',
    access: 'public',
    pathParams: product,
    responses: {
      200: json('The product.', PublicProductSchema, { vary: 'Accept' }),
      303: { description: 'The request prefers HTML: the product page `/p/:id`.', empty: true, headers: { location: 'The product page.', vary: 'Accept' } },
    },
  },
  {
    method: 'get',
    path: '/admin/products',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'Every product, any status',
    access: STAFF,
    query: PageQuerySchema,
    responses: { 200: json('A page of products.', pageOf(ShownProductSchema)) },
  },
  {
    method: 'post',
    path: '/admin/products',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'Create a product',
    access: ADMIN,
    headers: BUSINESS_POST_HEADERS,
    body: ProductCreateSchema,
    responses: { 201: json('The product.', ShownProductSchema, location) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/products/:id',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'One product',
    access: STAFF,
    pathParams: product,
    responses: { 200: json('The product.', ShownProductSchema) },
  },
  {
    method: 'patch',
    path: '/admin/products/:id',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'Change some fields (not stock)',
    access: ADMIN,
    pathParams: product,
    body: ProductPatchSchema,
    responses: { 200: json('The product.', ShownProductSchema) },
    problems: [409],
  },
  {
    method: 'delete',
    path: '/admin/products/:id',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'Delete a product',
    access: ADMIN,
    pathParams: product,
    responses: { 204: empty('Deleted.') },
    problems: [409],
  },
  {
    method: 'post',
    path: '/admin/products/:id/images/uploads',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'A presigned form upload for a product image',
    access: ADMIN,
    headers: BUSINESS_POST_HEADERS,
    pathParams: product,
    body: ImageUploadSchema,
    responses: { 201: json('POST the fields, then the file, to `url`.', ImageUploadTicketSchema) },
    problems: [409],
  },
  {
    method: 'post',
    path: '/admin/products/:id/images',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'Attach an uploaded image (its bytes must be the claimed type)',
    access: ADMIN,
    headers: BUSINESS_POST_HEADERS,
    pathParams: product,
    body: ImageAttachSchema,
    responses: { 201: json('The product.', ShownProductSchema) },
    problems: [409],
  },
  {
    method: 'delete',
    path: '/admin/products/:id/images/:imageId',
    tag: 'Products (staff)',
    host: 'store',
    summary: 'Remove an image and its object',
    access: ADMIN,
    pathParams: { ...product, imageId: IdParamSchema },
    responses: { 200: json('The product.', ShownProductSchema) },
    problems: [409],
  },
  {
    method: 'post',
    path: '/admin/products/:id/inventory/adjustments',
    tag: 'Inventory',
    host: 'store',
    summary: 'Adjust stock by a delta, with a reason',
    access: STAFF,
    headers: BUSINESS_POST_HEADERS,
    pathParams: product,
    body: AdjustmentSchema,
    responses: { 201: json('The trail entry written.', InventoryEntrySchema) },
    problems: [409],
  },
  {
    method: 'put',
    path: '/admin/products/:id/inventory',
    tag: 'Inventory',
    host: 'store',
    summary: 'Set an absolute stock level',
    access: STAFF,
    pathParams: product,
    body: StockLevelSchema,
    responses: { 200: json('The trail entry written.', InventoryEntrySchema) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/products/:id/inventory/history',
    tag: 'Inventory',
    host: 'store',
    summary: 'The stock trail of a single-variant product, newest first (409 `several-variants` for a product with several)',
    access: STAFF,
    pathParams: product,
    query: PageQuerySchema,
    responses: { 200: json('A page of trail entries.', pageOf(InventoryEntrySchema)) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/products/:id/variants/:variantId/inventory',
    tag: 'Inventory',
    host: 'store',
    summary: "One variant's stock: on hand, reserved, available",
    access: STAFF,
    pathParams: variant,
    responses: { 200: json('The stock.', VariantLevelSchema) },
  },
  {
    method: 'put',
    path: '/admin/products/:id/variants/:variantId/inventory',
    tag: 'Inventory',
    host: 'store',
    summary: "Set a variant's absolute stock level",
    access: STAFF,
    pathParams: variant,
    body: StockLevelSchema,
    responses: { 200: json('The trail entry written.', InventoryEntrySchema) },
    problems: [409],
  },
  {
    method: 'post',
    path: '/admin/products/:id/variants/:variantId/inventory/adjustments',
    tag: 'Inventory',
    host: 'store',
    summary: "Adjust a variant's stock by a delta, with a reason",
    access: STAFF,
    headers: BUSINESS_POST_HEADERS,
    pathParams: variant,
    body: AdjustmentSchema,
    responses: { 201: json('The trail entry written.', InventoryEntrySchema) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/products/:id/variants/:variantId/inventory/history',
    tag: 'Inventory',
    host: 'store',
    summary: "A variant's stock trail, newest first",
    access: STAFF,
    pathParams: variant,
    query: PageQuerySchema,
    responses: { 200: json('A page of trail entries.', pageOf(InventoryEntrySchema)) },
  },
  {
    method: 'post',
    path: '/auth/signup',
    tag: 'Sign-in',
    host: 'store',
    summary: 'Create a customer account in this store',
    access: 'public',
    body: SignUpSchema,
    responses: { 201: json('The account.', SignUpAnswerSchema) },
    problems: [409, 429],
  },
  {
    method: 'post',
    path: '/auth/confirm',
    tag: 'Sign-in',
    host: 'store',
    summary: 'Confirm a sign-up with the emailed code',
    access: 'public',
    body: ConfirmSchema,
    responses: { 204: empty('Confirmed.') },
    problems: [429],
  },
  {
    method: 'post',
    path: '/auth/login',
    tag: 'Sign-in',
    host: 'store',
    summary: 'Sign in',
    access: 'public',
    body: LogInSchema,
    responses: { 200: json('Tokens, or the step to take first.', LogInAnswerSchema) },
    problems: [429],
  },
  {
    method: 'post',
    path: '/auth/new-password',
    tag: 'Sign-in',
    host: 'store',
    summary: 'Set a new password after a temporary one',
    access: 'public',
    body: NewPasswordSchema,
    responses: { 200: tokens },
    problems: [429],
  },
  ...mfaOperations('/auth', 'store', 'Sign-in', MEMBERS),
  {
    method: 'post',
    path: '/auth/refresh',
    tag: 'Sign-in',
    host: 'store',
    summary: 'New tokens from a refresh token',
    access: 'public',
    body: RefreshSchema,
    responses: { 200: tokens },
  },
  {
    method: 'post',
    path: '/auth/logout',
    tag: 'Sign-in',
    host: 'store',
    summary: 'Sign out (the session and every token of it)',
    access: MEMBERS,
    body: LogOutSchema,
    responses: { 204: empty('Session ended.') },
  },
  ...passwordResetOperations('', 'store', 'Sign-in'),
  {
    method: 'get',
    path: '/auth/me',
    tag: 'Sign-in',
    host: 'store',
    summary: 'Who the token is',
    access: MEMBERS,
    responses: { 200: json('The signed-in user.', MeSchema) },
  },
  ...sessionOperations('/auth/session', 'store', MEMBERS),
  {
    method: 'get',
    path: '/admin/getting-started',
    tag: 'Store settings (admins)',
    host: 'store',
    summary: "The console's getting-started checklist, computed from the store's data",
    access: ADMIN,
    responses: { 200: json('Each step and whether it is done; the store’s domains.', ChecklistSchema) },
  },
  {
    method: 'post',
    path: '/auth/session/handoff',
    tag: 'Page sessions',
    host: 'store',
    pagesOnly: true,
    summary: 'Redeem the one-time sign-in a store sign-up handed over (page)',
    access: 'public',
    body: HandoffRedeemSchema,
    responses: { 200: signedInCookies },
  },
  {
    method: 'get',
    path: '/admin/settings',
    tag: 'Store settings (admins)',
    host: 'store',
    summary: "The store's settings and their version",
    access: ADMIN,
    responses: { 200: json('The settings.', StoreSettingsSchema) },
  },
  {
    method: 'put',
    path: '/admin/settings',
    tag: 'Store settings (admins)',
    host: 'store',
    summary: 'Replace the settings (the whole document, with the version read)',
    access: ADMIN,
    body: StoreSettingsUpdateSchema,
    responses: { 200: json('The saved settings, at their new version.', StoreSettingsSchema) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/users',
    tag: 'Users (admins)',
    host: 'store',
    summary: "The store's users (the read-only support role sees them too)",
    access: ['admin', 'support'],
    query: PageQuerySchema,
    responses: { 200: json('A page of users.', pageOf(UserRecordSchema)) },
  },
  {
    method: 'post',
    path: '/admin/users',
    tag: 'Users (admins)',
    host: 'store',
    summary: 'Add staff with a temporary password',
    access: ADMIN,
    headers: BUSINESS_POST_HEADERS,
    body: CreateUserSchema,
    responses: { 201: json('The user and their temporary password (shown once).', CreatedUserSchema) },
    problems: [409],
  },
  {
    method: 'put',
    path: '/admin/users/:userId/role',
    tag: 'Users (admins)',
    host: 'store',
    summary: "Change a user's role (not the last admin)",
    access: ADMIN,
    pathParams: { userId: IdParamSchema },
    body: RoleChangeSchema,
    responses: { 200: json('The user.', UserRecordSchema) },
    problems: [409],
  },
  {
    method: 'delete',
    path: '/admin/users/:userId',
    tag: 'Users (admins)',
    host: 'store',
    summary: 'Remove a user (not the last admin)',
    access: ADMIN,
    pathParams: { userId: IdParamSchema },
    responses: { 204: empty('Removed; their sessions ended.') },
    problems: [409],
  },
  // Plans and usage (docs/architecture.md, "Plans and limits", "Usage per store").
  {
    method: 'get',
    path: '/admin/plan',
    tag: 'Plan and usage (admins)',
    host: 'store',
    summary: "The store's plan, what it uses of it, and the plans to choose from",
    access: ADMIN,
    responses: { 200: json('The plan.', StorePlanSchema) },
  },
  {
    method: 'put',
    path: '/admin/plan',
    tag: 'Plan and usage (admins)',
    host: 'store',
    summary: 'Upgrade or downgrade; a downgrade keeps everything, and refuses new creations of what is over the new limits',
    access: ADMIN,
    body: PlanChangeSchema,
    responses: { 200: json('The plan now, with what is over its limits.', StorePlanSchema) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/admin/usage',
    tag: 'Plan and usage (admins)',
    host: 'store',
    summary: 'Requests, DynamoDB capacity, events and emails today and this month; products, staff and storage against the plan',
    access: ADMIN,
    responses: { 200: json('The usage.', StoreUsageSchema) },
  },
  {
    method: 'get',
    path: '/admin/usage.csv',
    tag: 'Plan and usage (admins)',
    host: 'store',
    summary: "This month's usage, one line per day, as CSV",
    access: ADMIN,
    kind: 'file',
    responses: { 200: { description: 'CSV with a header line.', contentType: 'text/csv' } },
  },
  {
    method: 'get',
    path: '/platform/tenants/:slug/plan',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: "A store's plan and what it uses of it",
    access: OPERATOR,
    pathParams: { slug: TenantIdSchema },
    responses: { 200: json('The plan.', StorePlanSchema) },
  },
  {
    method: 'put',
    path: '/platform/tenants/:slug/plan',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: "Change a store's plan",
    access: OPERATOR,
    pathParams: { slug: TenantIdSchema },
    body: PlanChangeSchema,
    responses: { 200: json('The plan now.', StorePlanSchema) },
    problems: [409],
  },
  {
    method: 'get',
    path: '/platform/usage',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: "Every store's usage today and this month, a page of stores at a time",
    access: OPERATOR,
    query: PageQuerySchema,
    responses: { 200: json('A page of stores with their usage.', PlatformUsageSchema) },
  },
  {
    method: 'get',
    path: '/platform/usage.csv',
    tag: 'Stores (operators)',
    host: 'platform',
    summary: "Every store's month so far as CSV, a page of stores at a time (Link: rel=next for the next)",
    access: OPERATOR,
    query: PageQuerySchema,
    kind: 'file',
    responses: { 200: { description: 'CSV with a header line.', contentType: 'text/csv' } },
  },
  // Categories and collections (grouping-operations.ts).
  ...groupingOperations(BUSINESS_POST_HEADERS),
  // Custom domains (domain-operations.ts).
  ...domainOperations(BUSINESS_POST_HEADERS),
  // Cart and wishlist (shopping-operations.ts).
  ...shoppingOperations(BUSINESS_POST_HEADERS),
  // Checkout, orders and the payment webhook (order-operations.ts).
  ...orderOperations(BUSINESS_POST_HEADERS),
  // Invoice and credit-note downloads (invoice-operations.ts).
  ...invoiceOperations(BUSINESS_POST_HEADERS),
  // Catalog import and export (transfer-operations.ts).
  ...transferOperations(BUSINESS_POST_HEADERS),
  ...searchOperations,
  // Scheduled price changes (pricing-operations.ts).
  ...pricingOperations(BUSINESS_POST_HEADERS),
  // Closing, restoring and purging stores (offboarding-operations.ts).
  ...offboardingOperations(BUSINESS_POST_HEADERS),
  // Discounts (discount-operations.ts).
  ...discountOperations(BUSINESS_POST_HEADERS),
  // Reviews and ratings (review-operations.ts).
  ...reviewOperations,
  // Customers' own data: export and deletion (privacy-operations.ts).
  ...privacyOperations(BUSINESS_POST_HEADERS),
  // Customer groups, their members and price lists (customer-group-operations.ts).
  ...customerGroupOperations(BUSINESS_POST_HEADERS),
];

/**
 * Problem answers a route may give besides its own `problems`, from what runs before and around
 * every handler (app.ts): a bad bearer token is 401 on any route, the store's resolution 403/404,
 * the body limit and parser 400/413/415/422, guards 401/403, and any dependency outage 503.
 */
export function problemStatuses(op: Operation): number[] {
  const statuses = new Set<number>([401, 500, 503, ...(op.problems ?? [])]);
  if (op.host !== 'any') statuses.add(403).add(404);
  // Every store route counts against the store's request limit (docs/architecture.md, "Request limits per store").
  if (op.host === 'store') statuses.add(429);
  if (op.access !== 'public' || op.pagesOnly) statuses.add(401).add(403);
  if (op.pathParams) statuses.add(404);
  if (op.query) statuses.add(400).add(422);
  // Every write may carry a body, and the body limit and JSON parsing run before the handler.
  if (op.method !== 'get') statuses.add(400).add(413);
  if (op.body) statuses.add(415).add(422);
  // A malformed key, a request still in flight under its key, a key reused for another request.
  if (op.headers?.some((h) => h.name === IDEMPOTENCY_KEY_HEADER)) statuses.add(400).add(409).add(422);
  return [...statuses].filter((status) => !(status in op.responses)).sort((a, b) => a - b);
}

/** `/admin/products/:id` → `/admin/products/{id}`; `/media/*` → `/media/{key}` (the key has slashes). */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{key}');
}

export const operationId = (op: Operation) =>
  `${op.method}${
    openApiPath(op.path)
      .split('/')
      .filter(Boolean)
      .map((part) => part.replace(/[{}]/g, '').replace(/(^|[-.])(\w)/g, (_m, _s, ch: string) => ch.toUpperCase()))
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('') || 'Root'
  }`;
