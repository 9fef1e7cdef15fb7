/**
 * The one place that reads process.env. Everything is validated with zod the first time it is needed
 * (and eagerly at server start-up from instrumentation.ts), so a missing or malformed variable is a clear
 * error naming the variable instead of a failure deep inside a request.
 */
import { z } from "zod";

export const DATABASE_NAMES = ["identity", "billing", "vpn", "hosting", "cloud", "content", "support", "ops"] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1" || v === "yes"));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `must be a positive whole number, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const databaseUrl = optionalString.refine(
  (v) => v === undefined || /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(v),
  "must start with file:, libsql://, http(s):// or ws(s)://",
);

/** 32 random bytes, given as 64 hex characters or base64 (44 characters). */
const encryptionKey = z
  .string({ error: "is required (32 random bytes as hex or base64; `npm run env:init` generates one)" })
  .trim()
  .refine((v) => decodeKey(v) !== null, "must be 32 bytes encoded as 64 hex characters or base64");

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const buf = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    return buf.length === 32 ? buf : null;
  }
  return null;
}

const databaseShape = Object.fromEntries(
  DATABASE_NAMES.flatMap((name) => [
    [`DATABASE_URL_${name.toUpperCase()}`, databaseUrl],
    [`DATABASE_AUTH_TOKEN_${name.toUpperCase()}`, optionalString],
  ]),
) as Record<string, typeof optionalString>;

const databaseSchema = z.object({
  DATA_DIR: optionalString.default("./data"),
  DATABASE_BUSY_TIMEOUT_MS: positiveInt(5000),
  ...databaseShape,
});

const serverSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    APP_URL: z.url({ error: "must be an absolute URL such as http://localhost:3000" }).default("http://localhost:3000"),
    APP_NAME: optionalString.default("Skyport"),
    AUTH_SECRET: z
      .string({ error: "is required (`npm run env:init` writes one into .env.local)" })
      .min(32, "must be at least 32 characters (use `openssl rand -base64 33`)"),
    AUTH_TRUST_HOST: booleanFlag(false),
    ENCRYPTION_KEY: encryptionKey,
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    /** GitHub Enterprise Server's base URL (or a local stand-in in tests); unset means github.com. */
    AUTH_GITHUB_BASE_URL: optionalString.pipe(z.url().optional()),
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    STRIPE_SECRET_KEY: optionalString,
    STRIPE_PUBLISHABLE_KEY: optionalString,
    STRIPE_WEBHOOK_SECRET: optionalString,
    /** Only for tests and local stand-ins: where the Stripe SDK sends API calls (e.g. http://127.0.0.1:12111). */
    STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
    PAYPAL_CLIENT_ID: optionalString,
    PAYPAL_CLIENT_SECRET: optionalString,
    PAYPAL_WEBHOOK_ID: optionalString,
    PAYPAL_ENVIRONMENT: z.enum(["sandbox", "production"]).default("sandbox"),
    /** Only for tests and local stand-ins: where the PayPal SDK sends API calls. */
    PAYPAL_API_BASE: optionalString.pipe(z.url().optional()),
    /**
     * EU VIES REST API base (…/check-vat-number is appended): https://ec.europa.eu/taxation_customs/vies/rest-api
     * in production, a local stand-in in tests. Unset: VAT IDs are checked by format only and recorded "unverified".
     */
    VIES_API_BASE: optionalString.pipe(z.url().optional()),
    SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://"),
    EMAIL_FROM: optionalString.default("Skyport <no-reply@skyport.test>"),
    /**
     * Shared secret the mail server sends (Authorization: Bearer …) when it posts a raw inbound message to
     * /api/support/inbound-email. Unset = the endpoint is off.
     */
    INBOUND_EMAIL_SECRET: optionalString.refine((v) => v === undefined || v.length >= 24, "must be at least 24 characters"),
    /** Domain of the signed reply addresses (reply+…@domain); defaults to the domain of EMAIL_FROM. */
    SUPPORT_REPLY_DOMAIN: optionalString,
    WORKER_ENABLED: booleanFlag(true),
    WORKER_POLL_MS: positiveInt(1000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Reverse proxies in front of the app that append to X-Forwarded-For (0 = ignore forwarding headers). */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return 1;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 10) {
          ctx.addIssue({ code: "custom", message: `must be a whole number from 0 to 10, got "${v}"` });
          return z.NEVER;
        }
        return n;
      }),
  })
  .superRefine((env, ctx) => {
    const pairs: Array<[keyof typeof env, keyof typeof env]> = [
      ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
      ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
      ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"],
      ["PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET"],
    ];
    for (const [a, b] of pairs) {
      if (Boolean(env[a]) !== Boolean(env[b])) {
        const missing = env[a] ? b : a;
        ctx.addIssue({ code: "custom", path: [missing], message: `is required when ${env[a] ? a : b} is set` });
      }
    }
  });

/**
 * Media storage: unset = files under `<DATA_DIR>/media`; with a bucket and keys, an S3 bucket (or an
 * S3-compatible server such as MinIO, R2 or Ceph through MEDIA_S3_ENDPOINT). Media is still served by the app
 * (/media/…), so the bucket stays private and the CSP keeps images on 'self'.
 */
const MEDIA_S3_REQUIRED = ["MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY_ID", "MEDIA_S3_SECRET_ACCESS_KEY"] as const;
const mediaSchema = z
  .object({
    MEDIA_S3_BUCKET: optionalString,
    MEDIA_S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://127.0.0.1:9000" }).optional()),
    MEDIA_S3_REGION: optionalString.default("us-east-1"),
    MEDIA_S3_ACCESS_KEY_ID: optionalString,
    MEDIA_S3_SECRET_ACCESS_KEY: optionalString,
    /** Path-style URLs (endpoint/bucket/key): what most S3-compatible servers need. */
    MEDIA_S3_FORCE_PATH_STYLE: booleanFlag(false),
  })
  .superRefine((env, ctx) => {
    // All or nothing: a half-configured bucket would silently fall back to the local folder.
    const given = [...MEDIA_S3_REQUIRED, "MEDIA_S3_ENDPOINT" as const].filter((k) => env[k] !== undefined);
    if (given.length === 0) return;
    for (const key of MEDIA_S3_REQUIRED) {
      if (env[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `is required when ${given.join(", ")} ${given.length === 1 ? "is" : "are"} set (media in an S3 bucket)` });
    }
  });

export interface MediaS3Config {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}
export interface MediaEnv {
  /** Null: media lives in the local folder. */
  s3: MediaS3Config | null;
}

export type EnvSource = Record<string, string | undefined>;
export type DatabaseEnv = z.infer<typeof databaseSchema>;
export type ServerEnv = z.infer<typeof serverSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

function parse<T extends z.ZodType>(schema: T, source: EnvSource): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(environment)"} ${i.message}`));
}

export function parseDatabaseEnv(source: EnvSource = process.env): DatabaseEnv {
  return parse(databaseSchema, source);
}

export function parseServerEnv(source: EnvSource = process.env): ServerEnv {
  return parse(serverSchema, source);
}

export function parseMediaEnv(source: EnvSource = process.env): MediaEnv {
  const env = parse(mediaSchema, source);
  if (!env.MEDIA_S3_BUCKET || !env.MEDIA_S3_ACCESS_KEY_ID || !env.MEDIA_S3_SECRET_ACCESS_KEY) return { s3: null };
  return {
    s3: {
      bucket: env.MEDIA_S3_BUCKET,
      endpoint: env.MEDIA_S3_ENDPOINT,
      region: env.MEDIA_S3_REGION ?? "us-east-1",
      accessKeyId: env.MEDIA_S3_ACCESS_KEY_ID,
      secretAccessKey: env.MEDIA_S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.MEDIA_S3_FORCE_PATH_STYLE,
    },
  };
}

let cachedDb: DatabaseEnv | undefined;
let cachedServer: ServerEnv | undefined;
let cachedMedia: MediaEnv | undefined;

/** Database settings only: what migrations, seeds and backups need. */
export function databaseEnv(): DatabaseEnv {
  return (cachedDb ??= parseDatabaseEnv());
}

/** Everything the running app needs. */
export function serverEnv(): ServerEnv {
  return (cachedServer ??= parseServerEnv());
}

/** Where uploaded media is stored (read on its own, so scripts that upload need no server secrets). */
export function mediaEnv(): MediaEnv {
  return (cachedMedia ??= parseMediaEnv());
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cachedDb = undefined;
  cachedServer = undefined;
  cachedMedia = undefined;
}

export interface DatabaseConfig {
  name: DatabaseName;
  url: string;
  authToken?: string;
  busyTimeoutMs: number;
}

export function databaseConfig(name: DatabaseName, env: DatabaseEnv = databaseEnv()): DatabaseConfig {
  const upper = name.toUpperCase();
  const record = env as unknown as Record<string, string | undefined>;
  const dataDir = env.DATA_DIR.replace(/\/+$/, "");
  return {
    name,
    url: record[`DATABASE_URL_${upper}`] ?? `file:${dataDir}/${name}.db`,
    authToken: record[`DATABASE_AUTH_TOKEN_${upper}`],
    busyTimeoutMs: env.DATABASE_BUSY_TIMEOUT_MS,
  };
}

export const isProduction = () => process.env.NODE_ENV === "production";

/**
 * The public base URL alone (canonical and Open Graph URLs), without validating the whole server environment:
 * metadata is also evaluated by `next build`, where secrets are not set.
 */
export function appUrl(): URL {
  try {
    return new URL(process.env.APP_URL || "http://localhost:3000");
  } catch {
    return new URL("http://localhost:3000");
  }
}

/** `next build` also runs instrumentation; only a serving process should start workers. */
export const isBuildPhase = () => process.env.NEXT_PHASE === "phase-production-build";

const seedSchema = z.object({
  ADMIN_EMAIL: optionalString
    .pipe(z.email({ error: "must be an email address" }).optional())
    .transform((v) => (v ?? "admin@skyport.test").toLowerCase()),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v))
    .pipe(z.string().min(12, "must be at least 12 characters (leave it unset to have one generated)").optional()),
});

export type SeedEnv = z.infer<typeof seedSchema>;

/** What `npm run db:seed` reads: the first admin account. Without ADMIN_PASSWORD the seed generates one. */
export function seedEnv(source: EnvSource = process.env): SeedEnv {
  return parse(seedSchema, source);
}
