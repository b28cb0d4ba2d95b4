/**
 * Errors a caller is allowed to see. Every one carries a stable machine-readable `code`
 * (e.g. "product.not_found") and a `kind` that the HTTP edge maps to a status code, so domain
 * code never thinks in HTTP and clients never parse English messages.
 */
export type ErrorKind =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "business_rule"
  | "rate_limited"
  | "unavailable";

export type ErrorDetails = Record<string, unknown> | ReadonlyArray<Record<string, unknown>>;

export class VisibleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export interface FieldIssue {
  /** dotted path of the offending field, "" for the whole input */
  path: string;
  message: string;
  code: string;
  [key: string]: unknown;
}

export class ValidationError extends VisibleError {
  constructor(message: string, issues: FieldIssue[], code = "validation_failed") {
    super("validation", code, message, issues);
  }
}
export class UnauthorizedError extends VisibleError {
  constructor(code = "auth.unauthorized", message = "Authentication required") {
    super("unauthorized", code, message);
  }
}
export class ForbiddenError extends VisibleError {
  constructor(code = "auth.forbidden", message = "You are not allowed to do this") {
    super("forbidden", code, message);
  }
}
export class NotFoundError extends VisibleError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super("not_found", code, message, details);
  }
}
export class ConflictError extends VisibleError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super("conflict", code, message, details);
  }
}
/** A well-formed request that the shop's rules refuse (out of stock, product withdrawn…). */
export class BusinessRuleError extends VisibleError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super("business_rule", code, message, details);
  }
}
/** Too many attempts: the caller must wait `retryAfterSeconds` (the edge sends Retry-After). */
export class TooManyRequestsError extends VisibleError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", code, message, { retryAfterSeconds });
  }
}
/** A dependency (another function, a provider) failed or timed out; the caller may retry. */
export class UnavailableError extends VisibleError {
  constructor(code: string, message: string, details?: ErrorDetails) {
    super("unavailable", code, message, details);
  }
}

export const httpStatusOf: Record<ErrorKind, 400 | 401 | 403 | 404 | 409 | 422 | 429 | 503> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  business_rule: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** The one error body every HTTP response uses: `{ error: { code, message, details? } }`. */
export function errorBody(error: VisibleError) {
  return { error: error.toJSON() };
}
