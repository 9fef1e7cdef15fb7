/**
 * Typed errors thrown by domain services. One place (toActionResult / toHttpResponse) maps them to form
 * errors and HTTP statuses, so routes and actions never invent their own.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  /** Object-level denials use NOT_FOUND instead, so nothing leaks about what exists. */
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  UNPROCESSABLE: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterMs?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fieldErrors?: Record<string, string[]>; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterMs = options.retryAfterMs;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("NOT_FOUND", what);
export const forbidden = (message = "You do not have permission to do that.") => new AppError("FORBIDDEN", message);
export const validation = (fieldErrors: Record<string, string[]>, message = "Please check the highlighted fields.") =>
  new AppError("VALIDATION", message, { fieldErrors });

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; formError?: string; fieldErrors?: Record<string, string[]> };

/**
 * Whether a failure means "the database is not available right now": our DatabaseUnavailableError, or a raw
 * SQLite/libSQL error anywhere in the cause chain (Drizzle wraps driver errors as "Failed query: …") saying the
 * file is locked past the busy timeout, read-only, cannot be opened or written. Such requests answer 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof Error && current.name === "DatabaseUnavailableError") return true;
    const code = String((current as { code?: unknown }).code ?? "");
    const message = current instanceof Error ? current.message : "";
    if (/^SQLITE_(BUSY|LOCKED|READONLY|CANTOPEN|IOERR|FULL|PERM)/.test(code)) return true;
    if (/database is locked|database table is locked|unable to open database file|attempt to write a readonly database|disk I\/O error/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps a thrown error to the result shape every server action returns. Unknown errors are logged, not shown. */
export function toActionResult(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof AppError) return { ok: false, formError: error.message, fieldErrors: error.fieldErrors };
  if (isDatabaseUnavailable(error)) {
    return { ok: false, formError: "The service is temporarily unavailable. Nothing was changed; please try again." };
  }
  console.error(error);
  return { ok: false, formError: "Something went wrong on our side. Nothing was changed; please try again." };
}

/** Maps a thrown error to a JSON response for route handlers. */
export function toHttpResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error.retryAfterMs) headers["retry-after"] = String(Math.ceil(error.retryAfterMs / 1000));
    return Response.json({ error: { code: error.code, message: error.message, fieldErrors: error.fieldErrors } }, { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    return Response.json({ error: { code: "UNAVAILABLE", message: "Temporarily unavailable" } }, { status: 503, headers: { "retry-after": "5" } });
  }
  console.error(error);
  return Response.json({ error: { code: "INTERNAL", message: "Internal error" } }, { status: 500 });
}
