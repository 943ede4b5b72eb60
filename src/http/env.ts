import type { VerifiedClaims } from '../identity/claims';
import type { ReadAhead } from '../shared/read-ahead';
import type { TenantContext } from '../tenants/tenant';

/** Variables every request has once the app's own middleware ran. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** Present when the request carried a valid bearer token. */
    claims: VerifiedClaims | undefined;
    /** Where the claims came from: a bearer token (JSON API) or the pages' session cookie. */
    credential: 'bearer' | 'cookie' | undefined;
    /** The client's network address as the runtime saw it (never a client-sent header); undefined when unknown. */
    clientAddress: string | undefined;
    /**
     * The Host the viewer named, when our edge forwarded it (src/http/edge/origin.ts); unset for a
     * request straight to the app. Read through `requestHost`, never directly.
     */
    viewerHost?: string | undefined;
  };
};

/** Routes mounted behind tenant resolution: the tenant is always there. */
export type TenantEnv = {
  Variables: AppEnv['Variables'] & {
    tenant: TenantContext;
    /** What the caller's re-check read for the route besides the caller (store users only; see read-ahead.ts). */
    readAhead: ReadAhead | undefined;
  };
};
