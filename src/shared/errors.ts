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
  /** Sent as `Retry-After`: the client may try the same request again after this many seconds. */
  readonly retryAfterSeconds?: number | undefined;

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
  override readonly retryAfterSeconds: number | undefined;
  constructor(message: string, options?: { cause?: unknown; extra?: Record<string, unknown>; retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/**
 * A dependency (DynamoDB, S3, Cognito, STS, EventBridge, the pool's signing keys) is down, slow or
 * throttling us: a 503 the client may retry after `retryAfterSeconds`. Which dependency failed is
 * for the logs (`dependency`), never for the response: it would map our insides for an attacker.
 * Thrown explicitly, or made by the error handler from an SDK or network error that
 * `dependencyFailure` (src/shared/dependency-errors.ts) recognises.
 */
export class DependencyUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'dependency-unavailable';
  override readonly retryAfterSeconds: number;
  readonly dependency: string;
  constructor(dependency: string, options?: { cause?: unknown; retryAfterSeconds?: number; message?: string }) {
    super(options?.message ?? 'A service this request needs is unavailable for a moment; try again shortly.', options);
    this.dependency = dependency;
    this.retryAfterSeconds = options?.retryAfterSeconds ?? DEPENDENCY_RETRY_AFTER_SECONDS;
  }
}

/** What a 503 asks clients to wait: about one retry budget (src/adapters/aws/time-budget.ts) and a bit. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;
