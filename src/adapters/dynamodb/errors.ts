import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** The cancellation code of each transaction item, in order (`None` when that item was fine). */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  }
  return undefined;
}

export const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** Another transaction held one of the items: the same as losing an optimistic race. */
export const isTransactionConflict = (error: unknown) =>
  (error instanceof Error && error.name === 'TransactionConflictException') || (cancellationCodes(error)?.includes('TransactionConflict') ?? false);
