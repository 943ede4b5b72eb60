import { describe, expect, it } from 'vitest';
import { CUSTOM_DOMAIN_TAG } from '../../stacks/policies';
import { allows, envNamed, list, named, rolePolicy, synth } from './synth';

/**
 * Stores' custom domains on AWS (docs/custom-domains.md): the API's role may request certificates
 * and create API Gateway custom domain names at run time, tagged as custom domains, and delete only
 * what carries that tag; the API function is told which API the domains map to.
 */
const s = synth(envNamed('prod', { TEAM_PRINCIPAL: 'arn:aws:iam::444444444444:role/sso-engineers' }));
const provisioner = rolePolicy(s, 'api-custom-domains-policy');
const statement = (sid: string) => provisioner.Statement.find((st) => st.Sid === sid)!;

describe('custom domain provisioner (synthesized)', () => {
  it('is a policy of the API function’s own role', () => {
    expect(named(s, 'aws_iam_role_policy', 'api-custom-domains-policy').role).toBe('${aws_iam_role.api-role.id}');
  });

  it('requests certificates in the API’s region only with the custom-domain tag, reads them, and deletes only tagged ones', () => {
    const request = statement('RequestCustomDomainCertificates');
    expect(list(request.Action).sort()).toEqual(['acm:AddTagsToCertificate', 'acm:RequestCertificate']);
    expect(request.Resource).toMatch(/^arn:aws:acm:[a-z0-9-]+:[^:]+:certificate\/\*$/);
    expect(request.Condition).toEqual({ StringEquals: { [`aws:RequestTag/${CUSTOM_DOMAIN_TAG.key}`]: CUSTOM_DOMAIN_TAG.value } });
    expect(statement('DeleteCustomDomainCertificates').Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/${CUSTOM_DOMAIN_TAG.key}`]: CUSTOM_DOMAIN_TAG.value },
    });
    // Unconditionally: reading, never deleting (the platform's own certificates are not the API's to remove).
    expect(allows(provisioner, 'acm:DescribeCertificate')).toBe(true);
    expect(allows(provisioner, 'acm:DeleteCertificate')).toBe(false);
    expect(allows(provisioner, 'acm:ImportCertificate')).toBe(false);
  });

  it('creates domain names and their API mappings, and deletes only tagged domain names; nothing else of API Gateway', () => {
    const create = statement('CreateCustomDomainNames');
    expect(create.Action).toBe('apigateway:POST');
    expect(list(create.Resource).map((r) => r.replace(/^arn:aws:apigateway:[a-z0-9-]+::/, ''))).toEqual([
      '/domainnames',
      '/domainnames/*/apimappings',
      '/tags/*',
    ]);
    expect(statement('DeleteCustomDomainNames').Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/${CUSTOM_DOMAIN_TAG.key}`]: CUSTOM_DOMAIN_TAG.value },
    });
    expect(allows(provisioner, 'apigateway:DELETE')).toBe(false);
    expect(allows(provisioner, 'apigateway:PATCH')).toBe(false);
    // Not the API itself (its routes, stages, integrations): only domain names.
    expect(allows(provisioner, 'apigateway:POST', 'arn:aws:apigateway:eu-central-1::/apis')).toBe(false);
  });

  it('the API function knows the API domains map to, and its role writes stores’ domain records with the registry', () => {
    const fn = named(s, 'aws_lambda_function', 'api-function');
    expect(fn.environment.variables.CUSTOM_DOMAINS_API_ID).toBe('${aws_apigatewayv2_api.http-api.id}');
    const table = rolePolicy(s, 'api-role-policy').Statement.find((st) => list(st.Action).some((a) => a.startsWith('dynamodb:')))!;
    expect(table.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toContain('TENANT#*#DOMAINS');
  });
});
