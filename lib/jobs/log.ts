import "server-only";
/** A small structured logger for background work: one line per event, fields as key=value. */
import { DrizzleQueryError } from "drizzle-orm/errors";
import { serverEnv } from "@/lib/env";

/**
 * The error worth showing: drizzle wraps driver errors in "Failed query: <whole SQL>" whose cause carries
 * the actual reason (no such table, SQLITE_BUSY, …) and its code.
 */
export function rootError(error: unknown): unknown {
  return error instanceof DrizzleQueryError && error.cause ? error.cause : error;
}

export function errorMessage(error: unknown): string {
  const root = rootError(error);
  return root instanceof Error ? root.message : String(root);
}

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function configuredLevel(): Level {
  try {
    return serverEnv().LOG_LEVEL;
  } catch {
    // The standalone worker may run with only the database environment; logging must not be what fails.
    return "info";
  }
}

function format(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /[\s="]/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

export function createLogger(scope: string, level: Level = configuredLevel()): Logger {
  const emit = (at: Level, message: string, fields?: LogFields) => {
    if (LEVELS[at] < LEVELS[level]) return;
    const rest = fields
      ? Object.entries(fields)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => ` ${k}=${format(v)}`)
          .join("")
      : "";
    const line = `[${scope}] ${at} ${message}${rest}`;
    if (at === "error" || at === "warn") console.error(line);
    else console.log(line);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

/** Adds fixed fields (job id, type, database) to every line. */
export function withFields(logger: Logger, fixed: LogFields): Logger {
  return {
    debug: (m, f) => logger.debug(m, { ...fixed, ...f }),
    info: (m, f) => logger.info(m, { ...fixed, ...f }),
    warn: (m, f) => logger.warn(m, { ...fixed, ...f }),
    error: (m, f) => logger.error(m, { ...fixed, ...f }),
  };
}
