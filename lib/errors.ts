/**
 * The one error type the app raises on purpose. Route handlers turn it into the one error
 * response shape `{ error: { code, message, status } }` (server/http/respond.ts); forms show
 * `message` to the person.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  /** The database cannot be reached right now (e.g. PostgreSQL restarting); nothing was changed. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  /** For RATE_LIMITED and SERVICE_UNAVAILABLE: seconds until the caller may try again. */
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
