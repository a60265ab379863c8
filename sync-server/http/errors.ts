import { ErrorCode, type ErrorBody, type FieldError } from '../../src/domain/index.js';

/** The HTTP status each error code answers with; every error body has the domain's ErrorBody shape. */
export const statusOf: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 422 | 426 | 429 | 500 | 503> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ENROLLMENT_CODE_INVALID: 403,
  SCHEMA_VERSION_UNSUPPORTED: 426,
  COLLECTION_READ_ONLY: 403,
  UNKNOWN_COLLECTION: 404,
  SALE_TOTALS_MISMATCH: 400,
  SALE_UNKNOWN_SKU: 400,
  SALE_CURRENCY_MISMATCH: 400,
  SALE_UNDERPAID: 400,
  SALE_EMPTY: 400,
  PENDING_SALES_BLOCK_RESET: 409,
  ASSOCIATE_NOT_ALLOWED: 403,
  PIN_INVALID: 403,
  STAFF_NUMBER_TAKEN: 409,
  ORDER_TOTALS_MISMATCH: 422,
  ORDER_UNKNOWN_SKU: 422,
  ORDER_UNKNOWN_STORE: 422,
  ORDER_CURRENCY_MISMATCH: 422,
  ORDER_NUMBER_TAKEN: 409,
  ORDER_ALREADY_COLLECTED: 409,
  ORDER_NOT_CANCELLABLE: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const errorBody = (code: ErrorCode, message: string, fieldErrors: FieldError[] = []): ErrorBody => ({
  error: { code, message, fieldErrors },
});
