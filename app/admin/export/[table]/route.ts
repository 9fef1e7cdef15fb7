/**
 * CSV export of an admin table's filtered rows (the same URL params as the screen), streamed in keyset chunks.
 * Needs the table's own permission and `data.export`; every export is audited (who exported what view).
 */
import type { NextRequest } from "next/server";
import { opsDb } from "@/db/ops/client";
import { auditLog } from "@/db/ops/schema";
import { csvStream } from "@/lib/admin/tables/csv";
import { describeExport, exportRegistry, parseExportParams } from "@/lib/admin/tables/registry";
import { writeAudit } from "@/lib/audit";
import { auditActorFor, authorizeStaff } from "@/lib/auth/guards";
import { notFound, toHttpResponse } from "@/lib/errors";

export async function GET(request: NextRequest, { params }: { params: Promise<{ table: string }> }) {
  try {
    const { table } = await params;
    const spec = Object.hasOwn(exportRegistry, table) ? exportRegistry[table] : undefined;
    if (!spec) throw notFound("No such table.");
    await authorizeStaff(spec.permission);
    const actor = await authorizeStaff("data.export");
    const tableParams = parseExportParams(spec, request.nextUrl.searchParams);
    await writeAudit(opsDb(), auditLog, await auditActorFor(actor), {
      action: "table.export_csv",
      entityType: "table",
      entityId: table,
      after: describeExport(tableParams),
    });
    const date = new Date().toISOString().slice(0, 10);
    return new Response(csvStream(spec.rows(tableParams), spec.columns), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${table}-${date}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return toHttpResponse(error);
  }
}
