import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { TenantContext } from '../../tenants/tenant';

/** The shape the AWS SDK takes as `credentials`. */
export type TemporaryCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };

/** Renew this long before expiry so no request starts with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The token vending machine: credentials of the tenant-scoped role, assumed with the session tag
 * `tenantId`, which the role's IAM policy turns into `dynamodb:LeadingKeys` and S3 prefix
 * conditions. AssumeRole is slow and throttled, so credentials are cached per tenant and
 * concurrent first requests of a tenant share one call.
 */
export function tenantCredentials(options: { sts: STSClient; roleArn: string; durationSeconds?: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { credentials: TemporaryCredentials; renewAt: number }>();
  const inFlight = new Map<string, Promise<TemporaryCredentials>>();

  async function assume(tenantId: string): Promise<TemporaryCredentials> {
    const result = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
        DurationSeconds: options.durationSeconds ?? 3600,
        Tags: [{ Key: 'tenantId', Value: tenantId }],
      }),
    );
    const c = result.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('STS returned no credentials');
    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    cache.set(tenantId, { credentials, renewAt: c.Expiration.getTime() - RENEW_BEFORE_MS });
    return credentials;
  }

  return async function credentialsFor(tenant: TenantContext): Promise<TemporaryCredentials> {
    const hit = cache.get(tenant.id);
    if (hit && hit.renewAt > now()) return hit.credentials;
    let pending = inFlight.get(tenant.id);
    if (!pending) {
      pending = assume(tenant.id).finally(() => inFlight.delete(tenant.id));
      inFlight.set(tenant.id, pending);
    }
    return pending;
  };
}
