import * as v from 'valibot';
import { DomainSchema } from '../tenant';

/**
 * A domain of the store's own (docs/custom-domains.md). Added pending, with a random token the
 * owner publishes as a TXT record at `_storeverify.<domain>`; verified once that record is seen,
 * when the domain is claimed for the store (`PLATFORM#DOMAIN#<domain>`, unique across stores) and
 * starts serving it. Its certificate (API Gateway custom domain on AWS) is requested when it is
 * added, so the owner can create every DNS record at once.
 */
export const VERIFICATION_PREFIX = '_storeverify';
export const verificationName = (domain: string) => `${VERIFICATION_PREFIX}.${domain}`;

export const DnsRecordSchema = v.strictObject({ name: v.string(), type: v.picklist(['TXT', 'CNAME']), value: v.string() });
export type DnsRecord = v.InferOutput<typeof DnsRecordSchema>;

export const CertificateStatusSchema = v.picklist(['pending', 'issued', 'failed']);
export type CertificateStatus = v.InferOutput<typeof CertificateStatusSchema>;

/** As stored under the store's keys (`TENANT#<id>#DOMAINS`, `DOMAIN#<domain>`). */
export const CustomDomainSchema = v.object({
  domain: DomainSchema,
  status: v.picklist(['pending', 'verified']),
  token: v.string(),
  /** The provisioner's handle of the domain's certificate (an ACM ARN on AWS); never shown. */
  certificateId: v.optional(v.string()),
  certificateStatus: CertificateStatusSchema,
  /** The records the certificate authority checks (ACM's validation CNAME). */
  certificateRecords: v.array(DnsRecordSchema),
  /** Where the domain must point (CNAME): known once the provisioner has created the domain's endpoint. */
  target: v.optional(v.string()),
  createdAt: v.string(),
  verifiedAt: v.optional(v.string()),
  checkedAt: v.optional(v.string()),
  /** Why the last check did not verify the domain. */
  failure: v.optional(v.string()),
  /** A verified domain whose TXT record went missing: since when (re-verification removes it after the grace period). */
  failingSince: v.optional(v.string()),
});
export type CustomDomain = v.InferOutput<typeof CustomDomainSchema>;

/** What the owner sees: every DNS record to create, and where the domain stands. */
export const CustomDomainViewSchema = v.strictObject({
  domain: v.string(),
  status: v.picklist(['pending', 'verified']),
  /** The ownership record: `_storeverify.<domain> TXT <token>`. */
  verification: DnsRecordSchema,
  /** `<domain> CNAME <target>`; null until the target exists (the certificate is issued first on AWS). */
  cname: v.nullable(DnsRecordSchema),
  certificate: v.strictObject({ status: CertificateStatusSchema, records: v.array(DnsRecordSchema) }),
  createdAt: v.string(),
  verifiedAt: v.nullable(v.string()),
  checkedAt: v.nullable(v.string()),
  failure: v.nullable(v.string()),
});
export type CustomDomainView = v.InferOutput<typeof CustomDomainViewSchema>;

export const CustomDomainListSchema = v.strictObject({
  items: v.array(CustomDomainViewSchema),
  /** Custom domains the store's plan allows (pending ones count), and how many it has. */
  limit: v.number(),
  used: v.number(),
});
export type CustomDomainList = v.InferOutput<typeof CustomDomainListSchema>;

/** Body of `POST /admin/domains`. */
export const CustomDomainAddSchema = v.strictObject({ domain: DomainSchema });
export type CustomDomainAdd = v.InferOutput<typeof CustomDomainAddSchema>;

export function viewOf(record: CustomDomain): CustomDomainView {
  return {
    domain: record.domain,
    status: record.status,
    verification: { name: verificationName(record.domain), type: 'TXT', value: record.token },
    cname: record.target ? { name: record.domain, type: 'CNAME', value: record.target } : null,
    certificate: { status: record.certificateStatus, records: record.certificateRecords },
    createdAt: record.createdAt,
    verifiedAt: record.verifiedAt ?? null,
    checkedAt: record.checkedAt ?? null,
    failure: record.failure ?? null,
  };
}
