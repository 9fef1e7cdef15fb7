/** support seed: departments (with SLA targets) and a few canned replies. */
import { count, eq } from "drizzle-orm";
import { supportDb } from "@/db/support/client";
import { cannedReplies, departments, slaTargets, TICKET_PRIORITIES } from "@/db/support/schema";
import type { SeedModuleResult } from "./types";

export const SEED_DEPARTMENTS = [
  { slug: "technical", name: "Technical support", description: "VPN connections, hosting, cloud servers.", email: "support@skyport.test", firstResponseMinutes: 240, resolutionMinutes: 2880 },
  { slug: "billing", name: "Billing", description: "Invoices, payments, refunds and plan changes.", email: "billing@skyport.test", firstResponseMinutes: 480, resolutionMinutes: 4320 },
  { slug: "sales", name: "Sales", description: "Questions before you buy, business plans.", email: "sales@skyport.test", firstResponseMinutes: 480, resolutionMinutes: null },
  { slug: "abuse", name: "Abuse", description: "Report spam, attacks or illegal content from our network.", email: "abuse@skyport.test", firstResponseMinutes: 120, resolutionMinutes: 1440 },
];

/** Targets per priority as a share of the department's defaults: urgent a quarter, high a half, low double. */
export const SLA_PRIORITY_FACTORS: Record<(typeof TICKET_PRIORITIES)[number], number> = { urgent: 0.25, high: 0.5, normal: 1, low: 2 };

export const SEED_CANNED_REPLIES = [
  {
    title: "VPN: re-import the config",
    department: "technical",
    bodyMarkdown:
      "Thanks for reaching out. Please download the config again from **Devices** in the portal, remove the old tunnel from the WireGuard app and import the new file. Does the connection work after that?",
  },
  {
    title: "Thanks: looking into it",
    department: null,
    bodyMarkdown: "Thanks for the details. We are looking into it now and will get back to you here as soon as we know more.",
  },
  {
    title: "Billing: refund issued",
    department: "billing",
    bodyMarkdown: "We have issued the refund. Depending on your bank it takes 5–10 business days to appear on your statement. The credit note is in **Invoices** in the portal.",
  },
];

export async function seedSupport(): Promise<{ result: SeedModuleResult }> {
  const db = supportDb();
  return db.transaction(async (tx) => {
    const newDepartments = await tx
      .insert(departments)
      .values(SEED_DEPARTMENTS.map((d, i) => ({ ...d, sortOrder: (i + 1) * 10 })))
      .onConflictDoNothing({ target: departments.slug })
      .returning({ id: departments.id });
    const replies = [];
    for (const { department, ...reply } of SEED_CANNED_REPLIES) {
      const dept = department ? await tx.select({ id: departments.id }).from(departments).where(eq(departments.slug, department)).get() : undefined;
      replies.push({ ...reply, departmentId: dept?.id ?? null });
    }
    // SLA targets per priority, only for departments this run created (an admin's edits stay).
    const created = new Set(newDepartments.map((d) => d.id));
    const allDepartments = await tx.select().from(departments);
    const targets = allDepartments
      .filter((d) => created.has(d.id))
      .flatMap((d) =>
        TICKET_PRIORITIES.map((priority) => ({
          departmentId: d.id,
          priority,
          firstResponseMinutes: d.firstResponseMinutes == null ? null : Math.round(d.firstResponseMinutes * SLA_PRIORITY_FACTORS[priority]),
          resolutionMinutes: d.resolutionMinutes == null ? null : Math.round(d.resolutionMinutes * SLA_PRIORITY_FACTORS[priority]),
        })),
      );
    if (targets.length) await tx.insert(slaTargets).values(targets).onConflictDoNothing();
    const newReplies = await tx.insert(cannedReplies).values(replies).onConflictDoNothing({ target: cannedReplies.title }).returning({ id: cannedReplies.id });

    const [deptCount] = await tx.select({ n: count() }).from(departments);
    const [replyCount] = await tx.select({ n: count() }).from(cannedReplies);
    return {
      result: {
        database: "support",
        parts: [
          { label: "departments", total: deptCount!.n, inserted: newDepartments.length },
          { label: "canned replies", total: replyCount!.n, inserted: newReplies.length },
        ],
      },
    };
  });
}
