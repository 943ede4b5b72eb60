import type { DomainProvisioner } from '../tenants/custom-domains/provisioner';

/**
 * The AWS provisioner of custom domains, its SDK clients loaded on the first call that needs them:
 * few requests touch domains, and every cold start would otherwise pay for two more clients.
 */
export function lazyDomainProvisioner(options: { region: string; apiId: string }): DomainProvisioner {
  let loaded: Promise<DomainProvisioner> | undefined;
  const provisioner = () => {
    loaded ??= (async () => {
      const [{ ACMClient }, { ApiGatewayV2Client }, { createAwsDomainProvisioner }] = await Promise.all([
        import('@aws-sdk/client-acm'),
        import('@aws-sdk/client-apigatewayv2'),
        import('../adapters/aws/domain-provisioner'),
      ]);
      // A few seconds per call at most, one retry: the owner's request waits for it (the API function has 10 s).
      const settings = { region: options.region, maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } };
      return createAwsDomainProvisioner({ acm: new ACMClient(settings), apiGateway: new ApiGatewayV2Client(settings), apiId: options.apiId });
    })();
    // A failed load is tried again by the next call, never kept for the container's life.
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
  return {
    request: async (domain, owner) => (await provisioner()).request(domain, owner),
    certificate: async (id) => (await provisioner()).certificate(id),
    serve: async (domain, id) => (await provisioner()).serve(domain, id),
    release: async (domain, id, served) => (await provisioner()).release(domain, id, served),
  };
}
