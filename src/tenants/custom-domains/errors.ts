import { ConflictError, DomainError } from '../../shared/errors';

/** Another store holds the domain (its verified claim): 409, and the owner learns nothing else of that store. */
export class DomainTakenError extends DomainError {
  readonly status = 409;
  readonly code = 'domain-taken';
  constructor(domain: string) {
    super(`${domain} is connected to another store. Remove it there first, or ask the platform's operators if it is yours.`, {
      extra: { field: 'domain' },
    });
  }
}

/** The store's record changed between its read and the domain's transaction (a settings save): worth one more try. */
export class StoreRecordChangedError extends ConflictError {
  constructor() {
    super('The store changed meanwhile; try again.');
  }
}

/** The domain's own record went away under a check or a removal (removed by another request). */
export class DomainRemovedMeanwhileError extends ConflictError {
  constructor(domain: string) {
    super(`${domain} was removed meanwhile.`);
  }
}
