/**
 * The offboarding purge on AWS (docs/offboarding.md): an EventBridge schedule (rate(1 hour))
 * invokes this function, which purges every closed store whose grace period ended, resuming a run
 * that stopped at its checkpoint. One run at a time (reserved concurrency 1); a store too big for
 * one run's 15 minutes continues in the next.
 */
import { allTenants } from '../tenants/all-tenants';
import { logger, platform } from './lambda';

export const handler = async () => {
  const result = await platform.offboarding.purgeDue(allTenants(platform.registry));
  logger.info(result, 'offboarding purge ran');
  return result;
};
