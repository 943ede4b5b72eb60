import { DomainError } from '../../shared/errors';

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
