import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { emailTokens } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { createUser, secondInstanceIdentityDb, setupIdentity } from "@/lib/security/__fixtures__/identity";
import { randomToken, sha256Hex } from "@/lib/security/tokens";
import { captureLogger } from "@/lib/jobs/__fixtures__/setup";
import { getJobDefinition, type JobContext } from "@/lib/jobs/define";
import "@/lib/jobs/registry";
import { SCHEDULES } from "@/lib/jobs/schedules";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { consumeEmailToken, consumeEmailTokenIn, INVALID_LINK_MESSAGE, issueEmailToken, pruneEmailTokens, revokeEmailTokens } from "./email-tokens";

let temp: TempDatabases;
let user: { id: string; email: string };
beforeEach(async () => {
  temp = await setupIdentity();
  user = await createUser({ password: null });
});
afterEach(() => temp.cleanup());

const HOUR = 60 * 60_000;
const T0 = new Date("2026-05-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

const issue = (purpose: "verify_email" | "reset_password" | "change_email" = "reset_password", now = T0) =>
  issueEmailToken(identityDb(), { userId: user.id, purpose, email: user.email, ttlMs: HOUR, ip: "203.0.113.1", now });

async function expectInvalidLink(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: "GONE", message: INVALID_LINK_MESSAGE });
}

describe("issueEmailToken", () => {
  it("returns 256 random bits and stores only their SHA-256", async () => {
    const token = await issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await identityDb().select().from(emailTokens);
    expect(rows).toEqual([
      expect.objectContaining({
        userId: user.id,
        purpose: "reset_password",
        tokenHash: sha256Hex(token),
        email: user.email,
        expiresAt: at(HOUR),
        usedAt: null,
        requestedIp: "203.0.113.1",
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe("consumeEmailToken", () => {
  it("works once and returns whose it was", async () => {
    const token = await issue();
    expect(await consumeEmailToken("reset_password", token, at(1000))).toEqual({ userId: user.id, email: user.email });
    await expectInvalidLink(consumeEmailToken("reset_password", token, at(2000)));
  });

  it("refuses an expired token (at the expiry instant and after)", async () => {
    const token = await issue();
    await expectInvalidLink(consumeEmailToken("reset_password", token, at(HOUR)));
    await expectInvalidLink(consumeEmailToken("reset_password", token, at(HOUR + 1)));
    expect(await consumeEmailToken("reset_password", token, at(HOUR - 1))).toMatchObject({ userId: user.id });
  });

  it("refuses forged, malformed and oversized tokens with the same message", async () => {
    await issue();
    for (const forged of [randomToken(), "", "x", "A".repeat(43), `${randomToken()}=`, "' or 1=1 --", "x".repeat(100_000), null, 42, { $ne: "" }]) {
      await expectInvalidLink(consumeEmailToken("reset_password", forged, at(1000)));
    }
  });

  it("refuses a token used for another purpose", async () => {
    const token = await issue("verify_email");
    await expectInvalidLink(consumeEmailToken("reset_password", token, at(1000)));
    await expectInvalidLink(consumeEmailToken("change_email", token, at(1000)));
    expect(await consumeEmailToken(["reset_password", "verify_email"], token, at(1000))).toMatchObject({ userId: user.id });
  });

  it("a newer token of the same purpose invalidates older unused ones, not other purposes", async () => {
    const first = await issue("reset_password", at(0));
    const verify = await issue("verify_email", at(0));
    const second = await issue("reset_password", at(1000));
    await expectInvalidLink(consumeEmailToken("reset_password", first, at(2000)));
    expect(await consumeEmailToken("reset_password", second, at(2000))).toMatchObject({ userId: user.id });
    expect(await consumeEmailToken("verify_email", verify, at(2000))).toMatchObject({ userId: user.id });
  });

  it("two racing clicks from two instances: exactly one wins", async () => {
    const token = await issue();
    const other = secondInstanceIdentityDb();
    try {
      const outcome = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);
      const results = await Promise.all([
        outcome(consumeEmailTokenIn(identityDb(), "reset_password", token, at(1000))),
        outcome(consumeEmailTokenIn(other, "reset_password", token, at(1000))),
      ]);
      expect(results.sort()).toEqual(["GONE", "ok"]);
    } finally {
      other.close();
    }
  });

  it("stays usable when the transaction that consumed it rolls back", async () => {
    const token = await issue();
    await expect(
      identityDb().transaction(async (tx) => {
        await consumeEmailTokenIn(tx, "reset_password", token, at(1000));
        throw new Error("the effect failed");
      }),
    ).rejects.toThrow("the effect failed");
    expect(await consumeEmailToken("reset_password", token, at(2000))).toMatchObject({ userId: user.id });
  });
});

describe("revoke and prune", () => {
  it("revokeEmailTokens makes unused tokens unusable; prune deletes old ones", async () => {
    const token = await issue();
    await revokeEmailTokens(identityDb(), user.id, "reset_password", at(10));
    await expectInvalidLink(consumeEmailToken("reset_password", token, at(20)));
    const fresh = await issue("verify_email", at(8 * 24 * HOUR));
    expect(await pruneEmailTokens(at(8 * 24 * HOUR))).toBe(1);
    expect(await identityDb().select({ id: emailTokens.id }).from(emailTokens)).toHaveLength(1);

    const job = getJobDefinition("identity.email-tokens.prune");
    const jobCtx = { now: () => at(20 * 24 * HOUR), logger: captureLogger() } as unknown as JobContext;
    await expect(job!.handler(job!.schema.parse({}), jobCtx)).resolves.toEqual({ deleted: 1 });
    expect(await identityDb().select().from(emailTokens)).toEqual([]);
    expect(SCHEDULES.map((s) => s.type)).toContain("identity.email-tokens.prune");
    expect(fresh).toBeTruthy();
  });
});
