/** What the race harness and its worker processes say to each other (over the IPC channel). */
import type { AssetManifest } from '../../../src/web/assets';
import type { PlanBook } from '../../../src/plans/plans';

/**
 * Where a worker finds the run's stand-ins and a test platform's table, bucket and pool, and the
 * secrets every instance of an environment shares (cursors sealed in one open in another).
 */
export type RaceEnvironment = {
  dynamoEndpoint: string;
  tableName: string;
  s3Endpoint: string;
  bucket: string;
  cognitoEndpoint: string;
  userPoolId: string;
  clientId: string;
  signUpTicketSecret: string;
  cursorKey: string;
  platformHosts: string[];
  assets: AssetManifest;
  /** Plan limits other than the real ones (the test platform's), and whether stores' request limits apply (off unless set). */
  plans?: PlanBook;
  limitRequests?: boolean;
  /**
   * Rate rules (by name) the workers do not enforce: a race that rewrites one customer's review many
   * times a minute would otherwise meet the 5-a-minute rule instead of the race it is about.
   */
  unlimitedRules?: string[];
};

export type ToWorker = { type: 'prepare'; index: number; scenario: string; env: RaceEnvironment; plan: unknown[] } | { type: 'go' };

/** One operation's outcome, with when it ran by the machine's clock (ms since the epoch). */
export type Outcome<R> = { startedAt: number; endedAt: number; result?: R; error?: string };

export type FromWorker = { type: 'ready'; pid: number } | { type: 'done'; outcomes: Outcome<unknown>[]; report: unknown } | { type: 'failed'; error: string };
