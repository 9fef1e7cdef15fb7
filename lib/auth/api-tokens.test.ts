/**
 * API tokens: shown once and stored hashed, scopes (customers cannot get staff scopes; demotion drops them),
 * expiry, revocation, per-user scoping (another user's token id is NOT_FOUND), the 25-token cap, last-used
 * bookkeeping at most once a minute, and the per-token rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { apiTokens, authEvents, rateLimits, users, type UserRole } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { resetEnvCache } from "@/lib/env";
import { RATE_LIMITS, rateLimitKey } from "@/lib/security/rate-limit";
import { sha256Hex } from "@/lib/security/tokens";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import {
  API_SCOPES,
  authenticateApiToken,
  createApiToken,
  listApiTokens,
  MAX_ACTIVE_API_TOKENS,
  parseBearerToken,
  revokeApiToken,
} from "./api-tokens";

let temp: TempDatabases;

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";
  process.env.ENCRYPTION_KEY = "33".repeat(32);
  resetEnvCache();
  temp = await useTempDatabases();
});
afterAll(() => temp.cleanup());

let seq = 0;
async function createUser(role: UserRole = "customer") {
  const email = `t${++seq}-${role}@example.com`;
  const [row] = await identityDb().insert(users).values({ email, role, emailVerified: new Date() }).returning({ id: users.id });
  return { id: row!.id, email };
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

const bearer = (token: string) => `Bearer ${token}`;

describe("createApiToken / listApiTokens", () => {
  it("returns the token once and stores only its hash and last 4 characters", async () => {
    const user = await createUser();
    const created = await createApiToken(user.id, { name: "  CI deploy  ", scopes: ["services:read", "account:read", "services:read"] }, { ip: "203.0.113.5", userAgent: "curl" });
    expect(created.token).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(created.last4).toBe(created.token.slice(-4));

    const [row] = await identityDb().select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row).toMatchObject({ userId: user.id, name: "CI deploy", scopes: ["account:read", "services:read"], tokenHash: sha256Hex(created.token), last4: created.last4 });
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = await listApiTokens(user.id);
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "expiresAt", "id", "last4", "lastUsedAt", "lastUsedIp", "name", "revokedAt", "scopes"]);
    expect(list[0]).toMatchObject({ id: created.id, name: "CI deploy", last4: created.last4, revokedAt: null, lastUsedAt: null });

    const events = await identityDb().select().from(authEvents).where(and(eq(authEvents.userId, user.id), eq(authEvents.type, "api_token_created")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: "203.0.113.5", metadata: { id: created.id, name: "CI deploy", last4: created.last4 } });
    expect(JSON.stringify(events)).not.toContain(created.token);
    expect(JSON.stringify(events)).not.toContain(sha256Hex(created.token));

    expect(await listApiTokens((await createUser()).id)).toEqual([]);
  });

  it("validates name, scopes and expiry; staff scopes are for staff only", async () => {
    const customer = await createUser();
    const staff = await createUser("support");
    const cases: Array<[Parameters<typeof createApiToken>[1], string]> = [
      [{ name: "", scopes: ["account:read"] }, "name"],
      [{ name: "x".repeat(61), scopes: ["account:read"] }, "name"],
      [{ name: "line\nbreak", scopes: ["account:read"] }, "name"],
      [{ name: "ok", scopes: [] }, "scopes"],
      [{ name: "ok", scopes: ["root:all" as "account:read"] }, "scopes"],
      [{ name: "ok", scopes: ["admin:read"] }, "scopes"],
      [{ name: "ok", scopes: ["account:read"], expiresAt: new Date(Date.now() - 1000) }, "expiresAt"],
      [{ name: "ok", scopes: ["account:read"], expiresAt: "not a date" as unknown as Date }, "expiresAt"],
    ];
    for (const [input, field] of cases) {
      const error = await expectAppError(createApiToken(customer.id, input), "VALIDATION");
      expect(Object.keys(error.fieldErrors ?? {})).toContain(field);
    }
    expect(await listApiTokens(customer.id)).toHaveLength(0);
    expect((await createApiToken(customer.id, { name: "x".repeat(60), scopes: ["account:read"] })).token).toBeTruthy();

    const staffToken = await createApiToken(staff.id, { name: "reporting", scopes: ["admin:read", "account:read"] });
    expect((await authenticateApiToken(bearer(staffToken.token), { ip: null, requiredScope: "admin:read" })).scopes).toEqual(["account:read", "admin:read"]);

    // Demoted to customer: the staff scope stops working at once.
    await identityDb().update(users).set({ role: "customer" }).where(eq(users.id, staff.id));
    const principal = await authenticateApiToken(bearer(staffToken.token), { ip: null });
    expect(principal).toMatchObject({ role: "customer", scopes: ["account:read"] });
    await expectAppError(authenticateApiToken(bearer(staffToken.token), { ip: null, requiredScope: "admin:read" }), "FORBIDDEN");

    await expectAppError(createApiToken("no-such-user", { name: "x", scopes: ["account:read"] }), "NOT_FOUND");
  });

  it(`allows at most ${MAX_ACTIVE_API_TOKENS} active tokens`, async () => {
    const user = await createUser();
    const ids: string[] = [];
    for (let i = 0; i < MAX_ACTIVE_API_TOKENS; i++) ids.push((await createApiToken(user.id, { name: `t${i}`, scopes: ["account:read"] })).id);
    await expectAppError(createApiToken(user.id, { name: "one too many", scopes: ["account:read"] }), "CONFLICT");
    await revokeApiToken(user.id, ids[0]!);
    await createApiToken(user.id, { name: "fits again", scopes: ["account:read"] });
    // Expired tokens do not count either.
    await identityDb().update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, ids[1]!));
    await createApiToken(user.id, { name: "fits again 2", scopes: ["account:read"] });
    await expectAppError(createApiToken(user.id, { name: "full", scopes: ["account:read"] }), "CONFLICT");
  });
});

describe("authenticateApiToken", () => {
  it("accepts a valid token with its scope and refuses everything else with one generic 401", async () => {
    const user = await createUser();
    const { token, id } = await createApiToken(user.id, { name: "cli", scopes: ["account:read", "devices:read"] });
    expect(await authenticateApiToken(bearer(token), { ip: "198.51.100.7", requiredScope: "devices:read" })).toEqual({
      userId: user.id,
      role: "customer",
      scopes: ["account:read", "devices:read"],
      tokenId: id,
    });
    expect((await authenticateApiToken(`bearer   ${token}`, { ip: null })).tokenId).toBe(id);

    const scope = await expectAppError(authenticateApiToken(bearer(token), { ip: null, requiredScope: "devices:write" }), "FORBIDDEN");
    expect(scope.message).toContain("devices:write");

    const forged = `sk_${"A".repeat(43)}`;
    const unauthenticated = [
      null,
      "",
      token,
      `Basic ${token}`,
      "Bearer",
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${forged}`,
      `Bearer ${token} extra`,
      `Bearer ${"x".repeat(10_000)}`,
    ];
    const messages = new Set<string>();
    for (const header of unauthenticated) {
      messages.add((await expectAppError(authenticateApiToken(header, { ip: null }), "UNAUTHENTICATED")).message);
    }
    expect(parseBearerToken(`Bearer ${token}`)).toBe(token);

    // Expired (at the given instant) and revoked tokens get the same answer.
    const expiring = await createApiToken(user.id, { name: "short", scopes: ["account:read"], expiresAt: new Date(Date.now() + 60_000) });
    expect((await authenticateApiToken(bearer(expiring.token), { ip: null })).tokenId).toBe(expiring.id);
    messages.add((await expectAppError(authenticateApiToken(bearer(expiring.token), { ip: null, now: new Date(Date.now() + 61_000) }), "UNAUTHENTICATED")).message);

    await revokeApiToken(user.id, id);
    messages.add((await expectAppError(authenticateApiToken(bearer(token), { ip: null, requiredScope: "devices:read" }), "UNAUTHENTICATED")).message);

    // A suspended owner's tokens stop working.
    const other = await createUser();
    const otherToken = await createApiToken(other.id, { name: "x", scopes: ["account:read"] });
    await identityDb().update(users).set({ status: "suspended" }).where(eq(users.id, other.id));
    messages.add((await expectAppError(authenticateApiToken(bearer(otherToken.token), { ip: null }), "UNAUTHENTICATED")).message);

    expect([...messages]).toEqual(["Invalid or expired API token."]);
  });

  it("records last use at most once a minute", async () => {
    const user = await createUser();
    const { token, id } = await createApiToken(user.id, { name: "poller", scopes: ["account:read"] });
    const t0 = new Date(Date.now() + 1000);
    await authenticateApiToken(bearer(token), { ip: "198.51.100.1", now: t0 });
    const read = async () => (await listApiTokens(user.id)).find((t) => t.id === id)!;
    expect(await read()).toMatchObject({ lastUsedAt: t0, lastUsedIp: "198.51.100.1" });

    await authenticateApiToken(bearer(token), { ip: "198.51.100.2", now: new Date(t0.getTime() + 30_000) });
    expect(await read()).toMatchObject({ lastUsedAt: t0, lastUsedIp: "198.51.100.1" });

    const t2 = new Date(t0.getTime() + 60_000);
    await authenticateApiToken(bearer(token), { ip: "198.51.100.3", now: t2 });
    expect(await read()).toMatchObject({ lastUsedAt: t2, lastUsedIp: "198.51.100.3" });
  });

  it("is rate limited per token", async () => {
    const user = await createUser();
    const busy = await createApiToken(user.id, { name: "busy", scopes: ["account:read"] });
    const calm = await createApiToken(user.id, { name: "calm", scopes: ["account:read"] });
    const now = new Date();
    const rule = RATE_LIMITS.apiToken;
    const windowStart = now.getTime() - (now.getTime() % rule.windowMs);
    await identityDb()
      .insert(rateLimits)
      .values({ key: rateLimitKey("api-token", busy.id), windowStart: new Date(windowStart), count: rule.limit - 1, expiresAt: new Date(windowStart + rule.windowMs) });
    await authenticateApiToken(bearer(busy.token), { ip: null, now });
    const limited = await expectAppError(authenticateApiToken(bearer(busy.token), { ip: null, now }), "RATE_LIMITED");
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect((await authenticateApiToken(bearer(calm.token), { ip: null, now })).tokenId).toBe(calm.id);
    // The next window is fresh.
    expect((await authenticateApiToken(bearer(busy.token), { ip: null, now: new Date(windowStart + rule.windowMs) })).tokenId).toBe(busy.id);
  });
});

describe("revokeApiToken", () => {
  it("is scoped to the owner: another user's token id is NOT_FOUND and keeps working", async () => {
    const alice = await createUser();
    const mallory = await createUser();
    const aliceToken = await createApiToken(alice.id, { name: "alice", scopes: ["invoices:read"] });

    await expectAppError(revokeApiToken(mallory.id, aliceToken.id), "NOT_FOUND");
    await expectAppError(revokeApiToken(mallory.id, "no-such-token"), "NOT_FOUND");
    expect(await listApiTokens(mallory.id)).toEqual([]);
    expect((await authenticateApiToken(bearer(aliceToken.token), { ip: null, requiredScope: "invoices:read" })).userId).toBe(alice.id);

    const { revokedAt } = await revokeApiToken(alice.id, aliceToken.id, { ip: "192.0.2.44", userAgent: "vitest" });
    // Idempotent: revoking again keeps the first time.
    expect((await revokeApiToken(alice.id, aliceToken.id)).revokedAt).toEqual(revokedAt);
    expect((await listApiTokens(alice.id))[0]!.revokedAt).toEqual(revokedAt);
    await expectAppError(authenticateApiToken(bearer(aliceToken.token), { ip: null }), "UNAUTHENTICATED");
    const events = await identityDb().select().from(authEvents).where(and(eq(authEvents.userId, alice.id), eq(authEvents.type, "api_token_revoked")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: "192.0.2.44", metadata: { id: aliceToken.id } });
  });

  it("exports the documented scopes", () => {
    expect(API_SCOPES).toEqual([
      "account:read",
      "services:read",
      "invoices:read",
      "devices:read",
      "devices:write",
      "tickets:read",
      "tickets:write",
      "admin:read",
    ]);
  });
});
