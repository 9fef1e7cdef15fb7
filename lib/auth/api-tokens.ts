import "server-only";
/**
 * Personal API tokens for `/api/v1/*` (`Authorization: Bearer sk_…`).
 * - The token is shown once; we keep its SHA-256 (unique index: lookup by hash, no comparison loop) and its
 *   last 4 characters so the owner can tell tokens apart.
 * - Scopes are fixed at creation, and intersected with what the owner's role allows at each use: a staff member
 *   demoted to customer loses `admin:*` on every token at once.
 * - Every way a token can be wrong (missing, malformed, unknown, revoked, expired, owner not active) gets the same
 *   401 message, so a caller learns nothing about which tokens exist.
 */
import { and, count, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { identityDb } from "@/db/identity/client";
import { apiTokens, users, type UserRole } from "@/db/identity/schema";
import { AppError, notFound, validation } from "@/lib/errors";
import { assertRateLimit, RATE_LIMITS, rateLimitKey } from "@/lib/security/rate-limit";
import type { RequestContext } from "@/lib/security/request-context";
import { randomToken, sha256Hex } from "@/lib/security/tokens";
import { recordAuthEvent } from "./events";
import { isStaffRole } from "./permissions";

export const CUSTOMER_API_SCOPES = [
  "account:read",
  "services:read",
  "invoices:read",
  "devices:read",
  "devices:write",
  "tickets:read",
  "tickets:write",
] as const;
export const STAFF_ONLY_API_SCOPES = ["admin:read"] as const;
export const API_SCOPES = [...CUSTOMER_API_SCOPES, ...STAFF_ONLY_API_SCOPES] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  "account:read": "Read your profile",
  "services:read": "List your services",
  "invoices:read": "List and download your invoices",
  "devices:read": "List your VPN devices and download configs",
  "devices:write": "Add, rename and remove VPN devices",
  "tickets:read": "Read your support tickets",
  "tickets:write": "Open and reply to support tickets",
  "admin:read": "Read back-office data your staff role allows (staff only)",
};

export const API_TOKEN_PREFIX = "sk_";
export const MAX_ACTIVE_API_TOKENS = 25;
export const API_TOKEN_NAME_MAX = 60;
/** lastUsedAt/lastUsedIp are written at most this often per token (a busy token must not write on every call). */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

const TOKEN_PATTERN = /^sk_[A-Za-z0-9_-]{43}$/;
const UNAUTHENTICATED_MESSAGE = "Invalid or expired API token.";

export function scopesForRole(role: UserRole | string): readonly ApiScope[] {
  return isStaffRole(role) ? API_SCOPES : CUSTOMER_API_SCOPES;
}

type ContextLike = Partial<Pick<RequestContext, "ip" | "userAgent">> | undefined;

const createSchema = z.object({
  name: z
    .string({ error: "Give the token a name." })
    .trim()
    .min(1, "Give the token a name.")
    .max(API_TOKEN_NAME_MAX, `At most ${API_TOKEN_NAME_MAX} characters.`)
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "The name cannot contain control characters."),
  scopes: z
    .array(z.enum(API_SCOPES, { error: "Unknown scope." }), { error: "Choose at least one scope." })
    .min(1, "Choose at least one scope.")
    .max(API_SCOPES.length * 2),
  expiresAt: z.coerce.date({ error: "Enter a valid date." }).nullish(),
});

export type CreateApiTokenInput = z.input<typeof createSchema>;

export interface CreatedApiToken {
  id: string;
  /** Shown to the user once; never stored. */
  token: string;
  last4: string;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return out;
}

export async function createApiToken(
  userId: string,
  input: CreateApiTokenInput,
  ctx?: ContextLike,
  now: Date = new Date(),
): Promise<CreatedApiToken> {
  const parsed = createSchema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  const { name } = parsed.data;
  const scopes = [...new Set(parsed.data.scopes)].sort();
  const expiresAt = parsed.data.expiresAt ?? null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw validation({ expiresAt: ["The expiry must be in the future."] });

  const db = identityDb();
  return db.transaction(async (tx) => {
    const user = await tx.select({ role: users.role, email: users.email, status: users.status }).from(users).where(eq(users.id, userId)).get();
    if (!user || user.status !== "active") throw notFound("Account not found");
    const allowed = scopesForRole(user.role);
    const refused = scopes.filter((s) => !allowed.includes(s));
    if (refused.length) throw validation({ scopes: [`Not available to your account: ${refused.join(", ")}`] });

    const [active] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
    if ((active?.n ?? 0) >= MAX_ACTIVE_API_TOKENS) {
      throw new AppError("CONFLICT", `You can have at most ${MAX_ACTIVE_API_TOKENS} active tokens; revoke one first.`);
    }

    const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
    const last4 = token.slice(-4);
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId, name, scopes, tokenHash: sha256Hex(token), last4, expiresAt, createdAt: now })
      .returning({ id: apiTokens.id });
    await recordAuthEvent(tx, {
      type: "api_token_created",
      userId,
      email: user.email,
      ip: ctx?.ip ?? null,
      userAgent: ctx?.userAgent ?? null,
      metadata: { id: row!.id, name, scopes, last4, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { id: row!.id, token, last4 };
  });
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  scopes: string[];
  last4: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
}

/** The user's tokens, newest first (revoked ones included, marked by revokedAt). Never the hash. */
export async function listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
  return identityDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      last4: apiTokens.last4,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedIp: apiTokens.lastUsedIp,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revokes one of the user's tokens (idempotent). Another user's token id is NOT_FOUND. */
export async function revokeApiToken(userId: string, tokenId: string, ctx?: ContextLike): Promise<{ revokedAt: Date }> {
  const db = identityDb();
  return db.transaction(async (tx) => {
    const now = new Date();
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, last4: apiTokens.last4 });
    if (!revoked) {
      const existing = await tx
        .select({ revokedAt: apiTokens.revokedAt })
        .from(apiTokens)
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
        .get();
      if (!existing?.revokedAt) throw notFound("Token not found");
      return { revokedAt: existing.revokedAt };
    }
    await recordAuthEvent(tx, {
      type: "api_token_revoked",
      userId,
      ip: ctx?.ip ?? null,
      userAgent: ctx?.userAgent ?? null,
      metadata: { id: revoked.id, name: revoked.name, last4: revoked.last4 },
    });
    return { revokedAt: now };
  });
}

export interface ApiPrincipal {
  userId: string;
  role: UserRole;
  /** The token's scopes that the owner's current role still allows. */
  scopes: ApiScope[];
  tokenId: string;
}

/** The bearer token in an Authorization header value, or null. */
export function parseBearerToken(header: string | null | undefined): string | null {
  if (typeof header !== "string" || header.length > 200) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match && TOKEN_PATTERN.test(match[1]!) ? match[1]! : null;
}

/**
 * Authenticates an API request. UNAUTHENTICATED (one generic message) for a missing, malformed, unknown,
 * revoked or expired token or an inactive owner; RATE_LIMITED when the token is used too often; FORBIDDEN when
 * the token lacks `requiredScope`. Records lastUsedAt/lastUsedIp at most once a minute.
 */
export async function authenticateApiToken(
  authorizationHeader: string | null,
  options: { ip: string | null; requiredScope?: ApiScope; now?: Date },
): Promise<ApiPrincipal> {
  const now = options.now ?? new Date();
  const token = parseBearerToken(authorizationHeader);
  if (!token) throw new AppError("UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE);

  const db = identityDb();
  const row = await db
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      role: users.role,
      status: users.status,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sha256Hex(token)))
    .get();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) || row.status !== "active") {
    throw new AppError("UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE);
  }

  await assertRateLimit(rateLimitKey("api-token", row.id), RATE_LIMITS.apiToken, now);

  const allowed = scopesForRole(row.role);
  const scopes = (row.scopes ?? []).filter((s): s is ApiScope => (allowed as readonly string[]).includes(s));
  if (options.requiredScope && !scopes.includes(options.requiredScope)) {
    throw new AppError("FORBIDDEN", `This token does not have the "${options.requiredScope}" scope.`);
  }

  const ip = options.ip ?? null;
  const stale = !row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_WRITE_INTERVAL_MS;
  if (stale) {
    // Conditional, so concurrent requests write once per interval.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now, lastUsedIp: ip })
      .where(
        and(
          eq(apiTokens.id, row.id),
          or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS + 1))),
        ),
      );
  }
  return { userId: row.userId, role: row.role, scopes, tokenId: row.id };
}
