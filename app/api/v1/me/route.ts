import { apiRoute } from "@/lib/api/v1";
import { getAccountProfile } from "@/lib/auth/accounts";

export const dynamic = "force-dynamic";

export const GET = apiRoute("account:read", async (principal) => {
  const profile = await getAccountProfile(principal.userId);
  return { ...profile, scopes: principal.scopes };
});
