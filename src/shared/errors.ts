/**
 * Domain errors. Each maps to one HTTP status in the problem-details handler, so services
 * never speak HTTP and routes never guess a status.
 */
export type FieldError = { path: string; message: string };

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;
  /** Short, stable slug used in the problem `type` URI. */
  abstract readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(message: string, options?: { cause?: unknown; extra?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.extra = options?.extra ?? {};
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly code = 'bad-request';
}

export class ValidationError extends DomainError {
  readonly status = 422;
  readonly code = 'validation';
  constructor(
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message, { extra: { errors } });
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** An operator or store admin who has not enrolled TOTP yet: only enrolment, `/auth/me` and sign-out answer. */
export class MfaEnrolmentRequiredError extends DomainError {
  readonly status = 403;
  readonly code = 'mfa-enrolment-required';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'too-many-requests';
  /** Sent as `Retry-After` when known. */
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, options?: { cause?: unknown; extra?: Record<string, unknown>; retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
