import { createHash } from 'node:crypto';
import {
  type ACMClient,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  RequestCertificateCommand,
  type CertificateDetail,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm';
import {
  type ApiGatewayV2Client,
  ConflictException,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  DeleteDomainNameCommand,
  GetDomainNameCommand,
  NotFoundException,
} from '@aws-sdk/client-apigatewayv2';
import type { CertificateStatus, DnsRecord } from '../../tenants/custom-domains/custom-domain';
import type { DomainProvisioner } from '../../tenants/custom-domains/provisioner';

/** ACM's states, as the console shows them: still to validate, usable, or dead (remove and add again). */
const STATUS: Record<string, CertificateStatus> = {
  PENDING_VALIDATION: 'pending',
  ISSUED: 'issued',
  INACTIVE: 'failed',
  EXPIRED: 'failed',
  VALIDATION_TIMED_OUT: 'failed',
  REVOKED: 'failed',
  FAILED: 'failed',
};

/** ACM's idempotency token (≤ 32 word characters): one certificate per store and domain within ACM's hour. */
export const idempotencyToken = (domain: string, owner: string) => createHash('sha256').update(`${owner}\n${domain}`).digest('hex').slice(0, 32);

const validationRecords = (certificate: CertificateDetail | undefined): DnsRecord[] =>
  (certificate?.DomainValidationOptions ?? []).flatMap((option) => {
    const record = option.ResourceRecord;
    return record?.Name && record.Value && record.Type === 'CNAME'
      ? [{ name: record.Name.replace(/\.$/, ''), type: 'CNAME' as const, value: record.Value }]
      : [];
  });

/**
 * Custom domains on AWS as API Gateway custom domain names (docs/custom-domains.md): per domain a
 * DNS-validated ACM certificate in the API's region, a REGIONAL domain name with it, and the
 * mapping to the HTTP API's `$default` stage. The owner's CNAME points at the domain name's own
 * target (`d-….execute-api.<region>.amazonaws.com`). Stores' domains therefore reach the API
 * directly, not through the edge (CloudFront): see the document for why and what it costs.
 */
export function createAwsDomainProvisioner(options: { acm: ACMClient; apiGateway: ApiGatewayV2Client; apiId: string; stage?: string }): DomainProvisioner {
  const { acm, apiGateway, apiId } = options;
  const stage = options.stage ?? '$default';

  const describe = async (certificateId: string) => (await acm.send(new DescribeCertificateCommand({ CertificateArn: certificateId }))).Certificate;

  async function existingTarget(domain: string): Promise<string | undefined> {
    try {
      const found = await apiGateway.send(new GetDomainNameCommand({ DomainName: domain }));
      return found.DomainNameConfigurations?.[0]?.ApiGatewayDomainName;
    } catch (error) {
      if (error instanceof NotFoundException) return undefined;
      throw error;
    }
  }

  return {
    async request(domain, owner) {
      const requested = await acm.send(
        new RequestCertificateCommand({
          DomainName: domain,
          ValidationMethod: 'DNS',
          IdempotencyToken: idempotencyToken(domain, owner),
          Tags: [
            { Key: 'store', Value: owner },
            { Key: 'purpose', Value: 'custom-domain' },
          ],
        }),
      );
      const certificateId = requested.CertificateArn;
      if (!certificateId) throw new Error(`ACM answered no certificate for ${domain}`);
      // ACM names the validation record a few seconds after the request: often there already, else on the next check.
      return { certificateId, records: validationRecords(await describe(certificateId)) };
    },

    async certificate(certificateId) {
      const certificate = await describe(certificateId);
      return { status: STATUS[certificate?.Status ?? ''] ?? 'pending', records: validationRecords(certificate) };
    },

    async serve(domain, certificateId) {
      const existing = await existingTarget(domain);
      if (existing) return { target: existing };
      let target: string | undefined;
      try {
        const created = await apiGateway.send(
          new CreateDomainNameCommand({
            DomainName: domain,
            DomainNameConfigurations: [{ CertificateArn: certificateId, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
            Tags: { purpose: 'custom-domain' },
          }),
        );
        target = created.DomainNameConfigurations?.[0]?.ApiGatewayDomainName;
      } catch (error) {
        // A check running at the same moment created it: use that one.
        if (!(error instanceof ConflictException)) throw error;
        target = await existingTarget(domain);
      }
      try {
        await apiGateway.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: apiId, Stage: stage }));
      } catch (error) {
        if (!(error instanceof ConflictException)) throw error;
      }
      if (!target) throw new Error(`API Gateway answered no target for ${domain}`);
      return { target };
    },

    async release(domain, certificateId, served) {
      if (served) {
        try {
          // Its API mappings go with it.
          await apiGateway.send(new DeleteDomainNameCommand({ DomainName: domain }));
        } catch (error) {
          if (!(error instanceof NotFoundException)) throw error;
        }
      }
      if (!certificateId) return;
      try {
        await acm.send(new DeleteCertificateCommand({ CertificateArn: certificateId }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    },
  };
}
