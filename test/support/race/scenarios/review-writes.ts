/**
 * Customers writing, rewriting and removing reviews of one product, each process its own app
 * instance (its own clients), all released together: the rating counters' race of issue 22.
 * Calls the review service directly, since the fake tokens have one customer per store.
 */
import { defineScenario } from '../scenario';

export type ReviewOp = { tenantId: string; productId: string; customerId: string; action: 'write' | 'withdraw'; rating: number };
export type ReviewOutcome = { status: number; reviewStatus?: string };

export default defineScenario<ReviewOp, ReviewOutcome>(async ({ platform, plan }) => {
  // Before the barrier: the store's record (its settings) read and cached, as a warm instance would.
  const tenant = await platform.tenants.byId(plan[0]!.tenantId);
  if (!tenant) throw new Error('no such store');
  const once = async (op: ReviewOp): Promise<ReviewOutcome> => {
    try {
      if (op.action === 'write') {
        const written = await platform.reviews.write(tenant, op.customerId, op.productId, {
          rating: op.rating,
          title: `${op.rating} stars`,
          text: `Race review by ${op.customerId}.`,
          authorName: '',
        });
        return { status: 200, reviewStatus: written.status };
      }
      await platform.reviews.withdraw(tenant, op.customerId, op.productId);
      return { status: 204 };
    } catch (error) {
      // A domain error's status; a DynamoDB call that timed out under the load (it may or may not have
      // landed: the transaction is whole either way) as the 503 the API would answer.
      const status = (error as { status?: number }).status;
      if (status !== undefined) return { status };
      if (error instanceof Error && /timeout|timed out/i.test(`${error.name} ${error.message}`)) return { status: 503 };
      throw error;
    }
  };
  return {
    // A 503 is retried, as a shopper's page would after its Retry-After: on a loaded machine every first
    // attempt can time out, and the race must still race (the counters are exact whatever each outcome).
    run: async (op) => {
      let outcome = await once(op);
      for (let attempt = 1; attempt < 4 && outcome.status === 503; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        outcome = await once(op);
      }
      return outcome;
    },
  };
});
