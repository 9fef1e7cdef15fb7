import "server-only";
/**
 * Staff-edited support settings: departments with their SLA targets (per priority), canned replies,
 * announcements and maintenance windows. Each change writes its audit row in the same transaction.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { supportDb } from "@/db/support/client";
import { announcements, auditLog, cannedReplies, departments, maintenanceWindows, slaTargets, TICKET_PRIORITIES } from "@/db/support/schema";
import { writeAudit } from "@/lib/audit";
import { AppError, notFound, validation } from "@/lib/errors";
import type { StaffActor } from "./tickets";

const minutes = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0 || n > 525_600) {
      ctx.addIssue({ code: "custom", message: "Enter whole minutes (1 to 525600), or leave empty for no target" });
      return z.NEVER;
    }
    return n;
  });

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label} is required` })
    .transform((v) => v.trim())
    .pipe(z.string().min(min, `${label} is required`).max(max, `Keep ${label.toLowerCase()} under ${max} characters`));

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || null)
    .pipe(z.string().max(max).nullable());

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validation(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", [i.message]])));
  return parsed.data;
}

// ── departments and SLA ─────────────────────────────────────────────────────

export const departmentSchema = z.object({
  name: text("Name", 80),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{2,40}$/, "Use 2–40 lower-case letters, digits or dashes"),
  description: optionalText(300),
  email: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || null)
    .pipe(z.email("Enter an email address").nullable()),
  firstResponseMinutes: minutes,
  resolutionMinutes: minutes,
  active: checkbox,
  ...Object.fromEntries(TICKET_PRIORITIES.flatMap((p) => [[`first_${p}`, minutes], [`resolution_${p}`, minutes]])),
});

export async function saveDepartment(actor: StaffActor, departmentId: string | null, input: Record<string, unknown>) {
  const data = parse(departmentSchema, input) as z.output<typeof departmentSchema> & Record<string, number | null>;
  const db = supportDb();
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.slug, data.slug)).limit(1);
    if (clash && clash.id !== departmentId) throw validation({ slug: ["Another department uses this slug"] });
    const values = { name: data.name, slug: data.slug, description: data.description, email: data.email, firstResponseMinutes: data.firstResponseMinutes, resolutionMinutes: data.resolutionMinutes, active: data.active };
    let id = departmentId;
    let before: Record<string, unknown> | null = null;
    if (id) {
      const [existing] = await tx.select().from(departments).where(eq(departments.id, id)).limit(1);
      if (!existing) throw notFound("That department does not exist.");
      before = existing;
      await tx.update(departments).set(values).where(eq(departments.id, id));
    } else {
      const [row] = await tx.insert(departments).values({ ...values, sortOrder: 100 }).returning({ id: departments.id });
      id = row!.id;
    }
    for (const p of TICKET_PRIORITIES) {
      const first = data[`first_${p}`] ?? null;
      const resolution = data[`resolution_${p}`] ?? null;
      if (first == null && resolution == null) {
        await tx.delete(slaTargets).where(and(eq(slaTargets.departmentId, id!), eq(slaTargets.priority, p)));
      } else {
        await tx
          .insert(slaTargets)
          .values({ departmentId: id!, priority: p, firstResponseMinutes: first, resolutionMinutes: resolution })
          .onConflictDoUpdate({ target: [slaTargets.departmentId, slaTargets.priority], set: { firstResponseMinutes: first, resolutionMinutes: resolution, updatedAt: new Date() } });
      }
    }
    await writeAudit(tx, auditLog, actor, { action: departmentId ? "department.update" : "department.create", entityType: "department", entityId: id, before, after: data });
    return { id: id! };
  });
}

// ── canned replies ──────────────────────────────────────────────────────────

export const cannedReplySchema = z.object({
  title: text("Title", 100),
  bodyMarkdown: text("Text", 10_000),
  departmentId: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null),
});

export async function saveCannedReply(actor: StaffActor, id: string | null, input: Record<string, unknown>) {
  const data = parse(cannedReplySchema, input);
  return supportDb().transaction(async (tx) => {
    const [clash] = await tx.select({ id: cannedReplies.id }).from(cannedReplies).where(eq(cannedReplies.title, data.title)).limit(1);
    if (clash && clash.id !== id) throw validation({ title: ["Another canned reply has this title"] });
    let before: Record<string, unknown> | null = null;
    let replyId = id;
    if (id) {
      const [existing] = await tx.select().from(cannedReplies).where(eq(cannedReplies.id, id)).limit(1);
      if (!existing) throw notFound("That canned reply does not exist.");
      before = existing;
      await tx.update(cannedReplies).set(data).where(eq(cannedReplies.id, id));
    } else {
      const [row] = await tx.insert(cannedReplies).values({ ...data, createdBy: actor.id }).returning({ id: cannedReplies.id });
      replyId = row!.id;
    }
    await writeAudit(tx, auditLog, actor, { action: id ? "canned_reply.update" : "canned_reply.create", entityType: "canned_reply", entityId: replyId, before, after: data });
    return { id: replyId! };
  });
}

export async function deleteCannedReply(actor: StaffActor, id: string) {
  await supportDb().transaction(async (tx) => {
    const [existing] = await tx.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning();
    if (!existing) throw notFound("That canned reply does not exist.");
    await writeAudit(tx, auditLog, actor, { action: "canned_reply.delete", entityType: "canned_reply", entityId: id, before: existing });
  });
}

// ── announcements ───────────────────────────────────────────────────────────

const optionalDate = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null;
    const d = new Date(/Z$|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a date and time" });
      return z.NEVER;
    }
    return d;
  });

export const announcementSchema = z.object({
  title: text("Title", 150),
  bodyMarkdown: text("Text", 20_000),
  level: z.enum(["info", "warning", "critical"]).default("info"),
  audience: z.enum(["everyone", "customers", "staff"]).default("everyone"),
  published: checkbox,
  publishAt: optionalDate,
  expiresAt: optionalDate,
});

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "announcement";

export async function saveAnnouncement(actor: StaffActor, id: string | null, input: Record<string, unknown>) {
  const data = parse(announcementSchema, input);
  if (data.publishAt && data.expiresAt && data.expiresAt <= data.publishAt) throw validation({ expiresAt: ["Must be after the publish time"] });
  return supportDb().transaction(async (tx) => {
    let before: Record<string, unknown> | null = null;
    let announcementId = id;
    if (id) {
      const [existing] = await tx.select().from(announcements).where(eq(announcements.id, id)).limit(1);
      if (!existing) throw notFound("That announcement does not exist.");
      before = existing;
      await tx.update(announcements).set(data).where(eq(announcements.id, id));
    } else {
      let slug = slugify(data.title);
      const [clash] = await tx.select({ id: announcements.id }).from(announcements).where(eq(announcements.slug, slug)).limit(1);
      if (clash) slug = `${slug}-${Date.now().toString(36)}`;
      const [row] = await tx.insert(announcements).values({ ...data, slug, createdBy: actor.id }).returning({ id: announcements.id });
      announcementId = row!.id;
    }
    await writeAudit(tx, auditLog, actor, { action: id ? "announcement.update" : "announcement.create", entityType: "announcement", entityId: announcementId, before, after: data });
    return { id: announcementId! };
  });
}

export async function deleteAnnouncement(actor: StaffActor, id: string) {
  await supportDb().transaction(async (tx) => {
    const [existing] = await tx.delete(announcements).where(eq(announcements.id, id)).returning();
    if (!existing) throw notFound("That announcement does not exist.");
    await writeAudit(tx, auditLog, actor, { action: "announcement.delete", entityType: "announcement", entityId: id, before: existing });
  });
}

export async function listAnnouncements() {
  return supportDb().select().from(announcements).orderBy(desc(announcements.createdAt)).limit(200);
}

// ── maintenance windows ─────────────────────────────────────────────────────

const requiredDate = optionalDate.refine((v) => v !== null, "Enter a date and time");

export const maintenanceSchema = z.object({
  title: text("Title", 150),
  descriptionMarkdown: optionalText(10_000),
  type: z.enum(["planned", "emergency"], { error: "Choose planned or emergency" }),
  status: z.enum(["scheduled", "in_progress", "completed", "cancelled"]).default("scheduled"),
  /** Comma or newline separated `kind:key` entries, e.g. `vpn:de-fra, hosting:*`. */
  affects: z
    .string()
    .optional()
    .transform((v) => [...new Set((v ?? "").split(/[\s,]+/).map((a) => a.trim().toLowerCase()).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^(\*|[a-z]+:(\*|[a-z0-9._-]+))$/, "Use kind:key entries such as vpn:de-fra or hosting:*")).max(50)),
  startsAt: requiredDate,
  endsAt: requiredDate,
});

export async function saveMaintenanceWindow(actor: StaffActor, id: string | null, input: Record<string, unknown>) {
  const data = parse(maintenanceSchema, input);
  if (data.endsAt! <= data.startsAt!) throw validation({ endsAt: ["Must be after the start"] });
  const values = { ...data, startsAt: data.startsAt!, endsAt: data.endsAt! };
  return supportDb().transaction(async (tx) => {
    let before: Record<string, unknown> | null = null;
    let windowId = id;
    if (id) {
      const [existing] = await tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).limit(1);
      if (!existing) throw notFound("That maintenance window does not exist.");
      before = existing;
      await tx.update(maintenanceWindows).set(values).where(eq(maintenanceWindows.id, id));
    } else {
      const [row] = await tx.insert(maintenanceWindows).values({ ...values, createdBy: actor.id }).returning({ id: maintenanceWindows.id });
      windowId = row!.id;
    }
    await writeAudit(tx, auditLog, actor, { action: id ? "maintenance.update" : "maintenance.create", entityType: "maintenance_window", entityId: windowId, before, after: values });
    return { id: windowId! };
  });
}

export async function listMaintenanceWindows() {
  return supportDb().select().from(maintenanceWindows).orderBy(desc(maintenanceWindows.startsAt)).limit(200);
}

export async function getDepartmentWithTargets(id: string) {
  const db = supportDb();
  const [dept] = await db.select().from(departments).where(eq(departments.id, id)).limit(1);
  if (!dept) throw new AppError("NOT_FOUND", "That department does not exist.");
  const targets = await db.select().from(slaTargets).where(eq(slaTargets.departmentId, id)).orderBy(asc(slaTargets.priority));
  return { ...dept, targets };
}
