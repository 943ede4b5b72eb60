import * as v from 'valibot';
import { LegalIdentitySchema } from '../settings/store-settings';
import type { TenantContext } from '../tenants/tenant';

/**
 * Invoices and credit notes: each series is numbered per store without gaps (docs/invoices.md).
 * A credit note has its own series, so the invoice numbers stay one unbroken run that an
 * auditor can count.
 */
export const DOCUMENT_SERIES = ['invoice', 'credit-note'] as const;
export type DocumentSeries = (typeof DOCUMENT_SERIES)[number];

const PREFIX: Record<DocumentSeries, string> = { invoice: 'INV', 'credit-note': 'CN' };

/** 123 → `INV-000123`; past a million the digits simply grow. */
export function documentNumber(series: DocumentSeries, sequence: number): string {
  return `${PREFIX[series]}-${String(sequence).padStart(6, '0')}`;
}

/**
 * A document issued for an order, as stored on it: its number, when it was issued, and the
 * seller's legal identity as it was then (a later change of the settings does not rewrite an
 * issued invoice, so a render retried tomorrow prints what was true today).
 */
export const IssuedDocumentSchema = v.strictObject({
  number: v.string(),
  issuedAt: v.string(),
  seller: LegalIdentitySchema,
});
export type IssuedDocument = v.InferOutput<typeof IssuedDocumentSchema>;

/**
 * The next number of a series, taken in the transaction that issues the document: the counter
 * must still hold `previous` (0: no document yet) for the write to land.
 */
export type DocumentCounterClaim = { series: DocumentSeries; previous: number; next: number };

/** Reads a store's counters (consistently: the claim is conditioned on what was read). */
export interface DocumentCounterReader {
  current(tenant: TenantContext, series: DocumentSeries): Promise<number>;
}

/** Where a document's PDF lives: under the store's private prefix, named by its number (so a second render lands on the same key). */
export const documentKey = (tenant: TenantContext, number: string) => `tenants/${tenant.id}/invoices/${number}.pdf`;

/** Numbers as stored on orders: anything else never reaches a storage key. */
export const DOCUMENT_NUMBER = /^(?:INV|CN)-\d{6,}$/;
