/** GET /admin/search?q= — the Cmd-K palette's results, filtered by what the staff member may read. */
import { NextResponse, type NextRequest } from "next/server";
import { globalSearch } from "@/lib/admin/search";
import { currentActor } from "@/lib/auth/guards";
import { isStaffRole, permissionsForRole } from "@/lib/auth/permissions";

export async function GET(request: NextRequest) {
  const actor = await currentActor();
  if (!actor) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  if (!isStaffRole(actor.role) || !actor.twoFactorEnabled) return NextResponse.json({ error: "Staff only." }, { status: 403 });
  const results = await globalSearch(request.nextUrl.searchParams.get("q") ?? "", await permissionsForRole(actor.role));
  return NextResponse.json({ results }, { headers: { "Cache-Control": "no-store" } });
}
