import { ACMClient, DeleteCertificateCommand, DescribeCertificateCommand, RequestCertificateCommand, ResourceNotFoundException } from '@aws-sdk/client-acm';
import {
  ApiGatewayV2Client,
  ConflictException,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  DeleteDomainNameCommand,
  GetDomainNameCommand,
  NotFoundException,
} from '@aws-sdk/client-apigatewayv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsDomainProvisioner, idempotencyToken } from '../../../src/adapters/aws/domain-provisioner';

const ARN = 'arn:aws:acm:eu-central-1:123456789012:certificate/abc';
const acm = mockClient(ACMClient);
const apiGateway = mockClient(ApiGatewayV2Client);
const provisioner = createAwsDomainProvisioner({ acm: new ACMClient({}), apiGateway: new ApiGatewayV2Client({}), apiId: 'api123' });
const notFound = () => new NotFoundException({ message: 'Invalid domain name identifier specified', $metadata: {} });
const conflict = () => new ConflictException({ message: 'exists', $metadata: {} });

beforeEach(() => {
  acm.reset();
  apiGateway.reset();
});

describe('AWS domain provisioner (ACM + API Gateway custom domain names)', () => {
  it('requests a DNS-validated certificate per store and domain, and answers its validation record', async () => {
    // Prepare
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN });
    acm.on(DescribeCertificateCommand).resolves({
      Certificate: {
        Status: 'PENDING_VALIDATION',
        DomainValidationOptions: [
          { DomainName: 'shop.example.com', ResourceRecord: { Name: '_x1.shop.example.com.', Type: 'CNAME', Value: '_y2.acm-validations.aws.' } },
        ],
      },
    });

    // Act
    const requested = await provisioner.request('shop.example.com', 'acme');

    // Assess
    expect(requested).toEqual({ certificateId: ARN, records: [{ name: '_x1.shop.example.com', type: 'CNAME', value: '_y2.acm-validations.aws.' }] });
    const input = acm.commandCalls(RequestCertificateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ DomainName: 'shop.example.com', ValidationMethod: 'DNS', IdempotencyToken: idempotencyToken('shop.example.com', 'acme') });
    expect(input.IdempotencyToken).toMatch(/^\w{1,32}$/);
    // Two stores on one domain: two certificates, never one shared (one's removal would take the other's).
    expect(idempotencyToken('shop.example.com', 'acme')).not.toBe(idempotencyToken('shop.example.com', 'other'));
  });

  it("maps ACM's states to pending, issued and failed", async () => {
    for (const [status, expected] of [
      ['PENDING_VALIDATION', 'pending'],
      ['ISSUED', 'issued'],
      ['VALIDATION_TIMED_OUT', 'failed'],
      ['REVOKED', 'failed'],
    ] as const) {
      acm.on(DescribeCertificateCommand).resolves({ Certificate: { Status: status } });
      expect((await provisioner.certificate(ARN)).status).toBe(expected);
    }
  });

  it('serves an issued domain: a REGIONAL domain name with the certificate, mapped to the API, whose target is the CNAME', async () => {
    apiGateway.on(GetDomainNameCommand).rejects(notFound());
    apiGateway.on(CreateDomainNameCommand).resolves({ DomainNameConfigurations: [{ ApiGatewayDomainName: 'd-abc.execute-api.eu-central-1.amazonaws.com' }] });
    apiGateway.on(CreateApiMappingCommand).resolves({});

    expect(await provisioner.serve('shop.example.com', ARN)).toEqual({ target: 'd-abc.execute-api.eu-central-1.amazonaws.com' });
    expect(apiGateway.commandCalls(CreateDomainNameCommand)[0]!.args[0].input).toMatchObject({
      DomainName: 'shop.example.com',
      DomainNameConfigurations: [{ CertificateArn: ARN, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    expect(apiGateway.commandCalls(CreateApiMappingCommand)[0]!.args[0].input).toEqual({ DomainName: 'shop.example.com', ApiId: 'api123', Stage: '$default' });
  });

  it('serving again is harmless: an existing domain name answers its target, a concurrent creation and an existing mapping are fine', async () => {
    apiGateway.on(GetDomainNameCommand).resolves({ DomainNameConfigurations: [{ ApiGatewayDomainName: 'd-old.example' }] });
    expect(await provisioner.serve('shop.example.com', ARN)).toEqual({ target: 'd-old.example' });
    expect(apiGateway.commandCalls(CreateDomainNameCommand)).toHaveLength(0);

    apiGateway.reset();
    apiGateway
      .on(GetDomainNameCommand)
      .rejectsOnce(notFound())
      .resolves({ DomainNameConfigurations: [{ ApiGatewayDomainName: 'd-race.example' }] });
    apiGateway.on(CreateDomainNameCommand).rejects(conflict());
    apiGateway.on(CreateApiMappingCommand).rejects(conflict());
    expect(await provisioner.serve('shop.example.com', ARN)).toEqual({ target: 'd-race.example' });
  });

  it('release removes the domain name only if it was served, then the certificate; what is gone already is no error', async () => {
    apiGateway.on(DeleteDomainNameCommand).rejects(notFound());
    acm.on(DeleteCertificateCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    await provisioner.release('shop.example.com', ARN, true);
    expect(apiGateway.commandCalls(DeleteDomainNameCommand)).toHaveLength(1);
    expect(acm.commandCalls(DeleteCertificateCommand)[0]!.args[0].input).toEqual({ CertificateArn: ARN });

    apiGateway.reset();
    acm.reset();
    acm.on(DeleteCertificateCommand).resolves({});
    // A pending domain's endpoint, if any, is another store's (the one holding the claim): untouched.
    await provisioner.release('shop.example.com', ARN, false);
    expect(apiGateway.commandCalls(DeleteDomainNameCommand)).toHaveLength(0);
    expect(acm.commandCalls(DeleteCertificateCommand)).toHaveLength(1);
  });

  it('other failures reach the caller (the service answers 503)', async () => {
    apiGateway.on(GetDomainNameCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(provisioner.serve('shop.example.com', ARN)).rejects.toThrow('Rate exceeded');
  });
});
