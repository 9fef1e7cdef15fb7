import "server-only";
/**
 * Re-authentication before something sensitive (showing a stored private key): the signed-in person types their
 * password again, so an unattended session or a stolen cookie alone cannot read secrets.
 */
import { eq } from "drizzle-orm";
import { identityDb } from "@/db/identity/client";
import { users } from "@/db/identity/schema";
import { validation } from "@/lib/errors";
import { verifyPassword } from "./password";

export const WRONG_PASSWORD_MESSAGE = "That password isn't right";

/** Resolves when `password` is the user's current password; otherwise throws a VALIDATION error on `password`. */
export async function reauthenticate(userId: string, password: unknown): Promise<void> {
  const plain = typeof password === "string" ? password : "";
  if (!plain) throw validation({ password: ["Enter your password to continue"] });
  const [user] = await identityDb().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!(await verifyPassword(user?.passwordHash, plain))) throw validation({ password: [WRONG_PASSWORD_MESSAGE] });
}
