/**
 * Every error that crosses a boundary (HTTP body, push outcome, UI message) carries one of these codes.
 * The UI maps a code to a message in the store's language; `message` is the English fallback for logs.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ENROLLMENT_CODE_INVALID: 'ENROLLMENT_CODE_INVALID',
  SCHEMA_VERSION_UNSUPPORTED: 'SCHEMA_VERSION_UNSUPPORTED',
  COLLECTION_READ_ONLY: 'COLLECTION_READ_ONLY',
  UNKNOWN_COLLECTION: 'UNKNOWN_COLLECTION',
  SALE_TOTALS_MISMATCH: 'SALE_TOTALS_MISMATCH',
  SALE_UNKNOWN_SKU: 'SALE_UNKNOWN_SKU',
  SALE_CURRENCY_MISMATCH: 'SALE_CURRENCY_MISMATCH',
  SALE_UNDERPAID: 'SALE_UNDERPAID',
  SALE_EMPTY: 'SALE_EMPTY',
  /** A sale line's unit price is not one its product had in the store's currency within the price grace window. */
  SALE_PRICE_UNKNOWN: 'SALE_PRICE_UNKNOWN',
  /** A sale line is sold under another tax class than the catalog's for that price. */
  SALE_TAX_CLASS_MISMATCH: 'SALE_TAX_CLASS_MISMATCH',
  /** A sale line's tax rate is not the store's rate for its tax class. */
  SALE_TAX_RATE_MISMATCH: 'SALE_TAX_RATE_MISMATCH',
  /** The sale includes tax in prices where the store adds it, or the other way round. */
  SALE_TAX_MODE_MISMATCH: 'SALE_TAX_MODE_MISMATCH',
  /** A sale claims a promotion that does not exist, is off, is for other stores or was not running then. */
  SALE_PROMOTION_NOT_APPLICABLE: 'SALE_PROMOTION_NOT_APPLICABLE',
  /** A sale's promotion discounts are not what its promotions give on its lines (inflated or tampered on the till). */
  SALE_PROMOTION_MISMATCH: 'SALE_PROMOTION_MISMATCH',
  /** Manual discounts above the store's limit without an active manager of the store approving them. */
  SALE_DISCOUNT_NOT_APPROVED: 'SALE_DISCOUNT_NOT_APPROVED',
  /** The sale rounds tax per line where the store rounds per total, or the other way round. */
  SALE_TAX_ROUNDING_MISMATCH: 'SALE_TAX_ROUNDING_MISMATCH',
  /** The sale rounds cash to another step than the store's (5, 10… minor units, or none). */
  SALE_CASH_ROUNDING_MISMATCH: 'SALE_CASH_ROUNDING_MISMATCH',
  /** The sale's receipt number is not one of its store (`{storeId}-{device}-{sequence}`). */
  SALE_RECEIPT_NUMBER_INVALID: 'SALE_RECEIPT_NUMBER_INVALID',
  PENDING_SALES_BLOCK_RESET: 'PENDING_SALES_BLOCK_RESET',
  /** The fact's associate is not an active staff member of its store allowed to do what the fact records. */
  ASSOCIATE_NOT_ALLOWED: 'ASSOCIATE_NOT_ALLOWED',
  /** A fact names a SKU the catalog does not have (a stock count of an unknown SKU). */
  UNKNOWN_SKU: 'UNKNOWN_SKU',
  /** Staff number and PIN do not match an active staff member (the message never says which was wrong). */
  PIN_INVALID: 'PIN_INVALID',
  /** A new staff member's number already belongs to someone in the store. */
  STAFF_NUMBER_TAKEN: 'STAFF_NUMBER_TAKEN',
  /** An online order's lines or totals do not add up (field errors say which figure and what it should be). */
  ORDER_TOTALS_MISMATCH: 'ORDER_TOTALS_MISMATCH',
  /** An online order names a SKU the catalog does not have. */
  ORDER_UNKNOWN_SKU: 'ORDER_UNKNOWN_SKU',
  /** An online order is for pickup at a store that does not exist. */
  ORDER_UNKNOWN_STORE: 'ORDER_UNKNOWN_STORE',
  /** An online order is in another currency than its pickup store's. */
  ORDER_CURRENCY_MISMATCH: 'ORDER_CURRENCY_MISMATCH',
  /** The integration already sent an order with this number (under another Idempotency-Key). */
  ORDER_NUMBER_TAKEN: 'ORDER_NUMBER_TAKEN',
  /** The order was (partly) collected by the customer: it can no longer be cancelled, only returned. */
  ORDER_ALREADY_COLLECTED: 'ORDER_ALREADY_COLLECTED',
  /** The order's state does not allow this (a shipped order cannot be cancelled). */
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  /** The pickup transition table does not allow this action in the order's state (pick after cancel, collect before ready). */
  PICKUP_TRANSITION_REFUSED: 'PICKUP_TRANSITION_REFUSED',
  /** A boleto or Pix of the order is not paid yet: it cannot be picked. */
  ORDER_AWAITING_PAYMENT: 'ORDER_AWAITING_PAYMENT',
  /** The scanned item is not in the order (the message names it). */
  PICK_WRONG_ITEM: 'PICK_WRONG_ITEM',
  /** Every unit of the line is already picked or given up (the message says who picked the last one, when). */
  PICK_OVER_PICK: 'PICK_OVER_PICK',
  /** Marking ready with units still to pick or short-pick. */
  PICKUP_INCOMPLETE: 'PICKUP_INCOMPLETE',
  /** A handoff's code or QR does not match the order's pickup code. */
  PICKUP_CODE_MISMATCH: 'PICKUP_CODE_MISMATCH',
  /** "I'm on it" for a waiting customer another staff member already took (the message says who, and since when). */
  PICKUP_ALREADY_TAKEN: 'PICKUP_ALREADY_TAKEN',
  /** A pickup fact names an order of another store, or none. */
  ORDER_NOT_AT_STORE: 'ORDER_NOT_AT_STORE',
  /** A card or Pix for more than the sale's balance (change comes only from cash), or any tender once it is paid. */
  TENDER_EXCEEDS_BALANCE: 'TENDER_EXCEEDS_BALANCE',
  /** The tender was already reversed, for another reason or by someone else. */
  TENDER_ALREADY_REVERSED: 'TENDER_ALREADY_REVERSED',
  /** A second `shift.opened` for a shift id already opened by another fact (the message says when and where). */
  SHIFT_ALREADY_OPEN: 'SHIFT_ALREADY_OPEN',
  /** Cash moved or a close for a shift that was never opened (or was opened on another register). */
  SHIFT_NOT_OPEN: 'SHIFT_NOT_OPEN',
  /** Cash moved or a close for a shift that is already closed. */
  SHIFT_ALREADY_CLOSED: 'SHIFT_ALREADY_CLOSED',
  /** A Z report whose figures do not add up, or that is not the shift's (its float, its id). */
  SHIFT_REPORT_MISMATCH: 'SHIFT_REPORT_MISMATCH',
  /** A return names a sale or order the server does not have (or a sale it refused: it never happened). */
  RETURN_SOURCE_NOT_FOUND: 'RETURN_SOURCE_NOT_FOUND',
  /** A return line that is not on the purchase, of another SKU, or not yet in the customer's hands. */
  RETURN_LINE_NOT_BOUGHT: 'RETURN_LINE_NOT_BOUGHT',
  /** A return would bring a line's returned units above what was bought (the message says who took the earlier return, when, where). */
  RETURN_EXCEEDS_BOUGHT: 'RETURN_EXCEEDS_BOUGHT',
  /** Outside the return window or a final-sale item, with no active manager of the store approving it with a reason. */
  RETURN_OUTSIDE_POLICY: 'RETURN_OUTSIDE_POLICY',
  /** The refund recorded is not what the returned lines and the purchase's tenders give. */
  RETURN_REFUND_MISMATCH: 'RETURN_REFUND_MISMATCH',
  /** A scanned QR code is not a Vitrine proof of purchase (or cannot be read). */
  PROOF_MALFORMED: 'PROOF_MALFORMED',
  /** A proof of purchase whose signature does not match what it says: altered after it was signed. */
  PROOF_TAMPERED: 'PROOF_TAMPERED',
  /** A proof of purchase signed with a key the device's keyring does not hold (not synced yet, or forged). */
  PROOF_UNKNOWN_KEY: 'PROOF_UNKNOWN_KEY',
  /** A proof of purchase signed with a revoked key (a till taken out of service): it proves nothing. */
  PROOF_KEY_REVOKED: 'PROOF_KEY_REVOKED',
  /** The customer a fact names was erased at their request (LGPD/GDPR): nothing about them may be recorded again. */
  CUSTOMER_ERASED: 'CUSTOMER_ERASED',
  /** The customer has not consented (or withdrew consent) to be contacted on this channel for this purpose. */
  CUSTOMER_NO_CONSENT: 'CUSTOMER_NO_CONSENT',
  /** A hold or transfer step names a transfer the server does not have, or one that does not involve the pushing store. */
  TRANSFER_NOT_FOUND: 'TRANSFER_NOT_FOUND',
  /** A step the other store of the transfer takes (only the store asked accepts or ships; only the asking store receives). */
  TRANSFER_NOT_ALLOWED: 'TRANSFER_NOT_ALLOWED',
  /** The transfer moved on before this step reached the server (declined, cancelled, expired…; the message says when and where). */
  TRANSFER_ALREADY_DECIDED: 'TRANSFER_ALREADY_DECIDED',
  /** A step whose SKU, quantity, other store or hold time is not the request's. */
  TRANSFER_MISMATCH: 'TRANSFER_MISMATCH',
  /** A store asked itself to hold or send. */
  TRANSFER_SAME_STORE: 'TRANSFER_SAME_STORE',
  /** A request to a store the chain does not have. */
  TRANSFER_STORE_UNKNOWN: 'TRANSFER_STORE_UNKNOWN',
  /** A hold whose time has passed, or ends further out than a hold may last. */
  TRANSFER_HOLD_TIME: 'TRANSFER_HOLD_TIME',
  /** Received by scanning something other than the transferred item. */
  TRANSFER_SCAN_MISMATCH: 'TRANSFER_SCAN_MISMATCH',
  /** Too many attempts (enrollment, sign-in) from one client or for one code; retry after `Retry-After`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** An Idempotency-Key already used for a different request (another body or route) of the same integration. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The request body is larger than the route accepts (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A JSON route got a body that is not `application/json` (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The server is shutting down or not ready; retry, possibly on another instance. */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  /** Dotted path into the input, e.g. "0.newDocumentState.lines.1.quantity". */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, fieldErrors: this.fieldErrors } };
  }
}

/** The one error body shape every HTTP error answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fieldErrors: FieldError[] };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, message: string, fieldErrors: FieldError[] = []): Result<T> => ({
  ok: false,
  error: new DomainError(code, message, fieldErrors),
});
