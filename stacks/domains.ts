import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Apigatewayv2ApiMapping } from '@cdktf/provider-aws/lib/apigatewayv2-api-mapping';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import type { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import type { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';

/**
 * Construct ids from the domain itself, not from a position in a list: adding or removing a
 * store must never make Terraform replace another store's certificate or domain.
 */
export const domainId = (domain: string) => domain.replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9]+/g, '-');

/**
 * One custom domain for the HTTP API: a DNS-validated ACM certificate (regional, like the API),
 * the API Gateway domain name, the mapping to the `$default` stage, and, when the hosted zone is
 * ours, the validation record and an alias record. When the zone is not ours, the apply waits for
 * the certificate (ACM's validation timeout) until the domain's owner has created the CNAME that
 * the `dns_<id>` output shows, along with the target their domain must point to.
 */
export function customDomain(scope: Construct, props: { domain: string; zoneId: string | undefined; api: Apigatewayv2Api; stage: Apigatewayv2Stage }) {
  const { domain, zoneId } = props;
  const id = domainId(domain);
  const certificate = new AcmCertificate(scope, `cert-${id}`, { domainName: domain, validationMethod: 'DNS', lifecycle: { createBeforeDestroy: true } });
  const option = certificate.domainValidationOptions.get(0);
  const validationRecord = zoneId
    ? new Route53Record(scope, `cert-record-${id}`, {
        zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      })
    : undefined;
  const validation = new AcmCertificateValidation(scope, `cert-validation-${id}`, {
    certificateArn: certificate.arn,
    ...(validationRecord ? { validationRecordFqdns: [validationRecord.fqdn] } : {}),
  });
  const domainName = new Apigatewayv2DomainName(scope, `domain-${id}`, {
    domainName: domain,
    domainNameConfiguration: { certificateArn: validation.certificateArn, endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' },
  });
  new Apigatewayv2ApiMapping(scope, `mapping-${id}`, { apiId: props.api.id, domainName: domainName.id, stage: props.stage.id });
  const target = domainName.domainNameConfiguration;
  if (zoneId) {
    new Route53Record(scope, `alias-${id}`, {
      zoneId,
      name: domain,
      type: 'A',
      alias: { name: target.targetDomainName, zoneId: target.hostedZoneId, evaluateTargetHealth: false },
    });
  } else {
    new TerraformOutput(scope, `dns_${id.replaceAll('-', '_')}`, {
      description: `DNS records the owner of ${domain} must create: the certificate's validation CNAME, then ${domain} CNAME to the target.`,
      value: { validation: certificate.domainValidationOptions, target: target.targetDomainName },
    });
  }
  return domainName;
}
