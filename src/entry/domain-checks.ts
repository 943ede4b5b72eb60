/**
 * The scheduled re-verification of stores' custom domains on AWS (docs/custom-domains.md): an
 * EventBridge schedule (rate(6 hours)) invokes this function, which checks every store's domains
 * (`customDomains.reverifyAll()`): a pending one whose TXT record appeared is verified, a verified
 * one whose record is gone past its grace period is removed. It runs the API's own platform with
 * the API's role: it reads the registry and writes what the API writes, nothing more.
 */
import { logger, platform } from './lambda';

export const handler = async () => {
  const result = await platform.customDomains.reverifyAll();
  logger.info(result, 'custom domains re-verified');
  return result;
};
