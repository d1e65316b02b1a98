/**
 * The closed set of error codes the platform ever reports, over sockets and HTTP alike.
 * Clients translate the code; the message is a plain English detail for developers and logs.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'wrong_state',
  /** A resident voted for a question they asked: not counted. */
  'own_question',
  'rate_limited',
  'payload_too_large',
  'unavailable',
  /** The server's disk is full: nothing was saved, and staff must free space. */
  'storage_full',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Seconds to wait before retrying, sent with `rate_limited`. */
  retryAfter?: number;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (ack: Ack<T>) => void;

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  wrong_state: 409,
  own_question: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unavailable: 503,
  storage_full: 507,
  internal: 500,
};

/** An error whose code and message are safe to show to the caller. Anything else becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryAfter?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfter = options.retryAfter;
  }

  toBody(): ErrorBody {
    return this.retryAfter === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfter: this.retryAfter };
  }
}
