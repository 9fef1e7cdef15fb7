import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { AppError } from "@/lib/errors";
import { useTempDatabases, type TempDatabases } from "@/lib/testing/temp-databases";
import { hashPassword } from "./password";
import { reauthenticate, WRONG_PASSWORD_MESSAGE } from "./reauth";

let temp: TempDatabases;
let userId: string;

beforeAll(async () => {
  process.env.AUTH_SECRET ??= "reauth-test-secret-".padEnd(40, "x");
  process.env.ENCRYPTION_KEY ??= "5a".repeat(32);
  temp = await useTempDatabases();
  const [row] = await identityDb()
    .insert(users)
    .values({ email: "reauth@example.test", passwordHash: await hashPassword("correct horse battery"), emailVerified: new Date() })
    .returning({ id: users.id });
  userId = row!.id;
});

afterAll(() => temp?.cleanup());

describe("reauthenticate", () => {
  it("accepts the current password", async () => {
    await expect(reauthenticate(userId, "correct horse battery")).resolves.toBeUndefined();
  });

  it("rejects a wrong, empty or non-string password, and an unknown user, with a field error", async () => {
    for (const [id, pw] of [
      [userId, "wrong"],
      [userId, ""],
      [userId, undefined],
      ["no-such-user", "correct horse battery"],
    ] as const) {
      const error = await reauthenticate(id, pw).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fieldErrors?.password?.[0]).toBeTruthy();
    }
    const wrong = (await reauthenticate(userId, "nope").catch((e: AppError) => e)) as AppError;
    expect(wrong.fieldErrors?.password).toEqual([WRONG_PASSWORD_MESSAGE]);
  });
});
