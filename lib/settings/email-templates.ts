import "server-only";
/**
 * Email templates (ops `email_templates`): a subject and a Markdown body with {{placeholders}}. Rendering
 * escapes every placeholder value before Markdown sees it and sanitises the resulting HTML, so neither a customer's
 * name nor a template edit can inject markup into an email. Used by the customer 360 "Send email" (template
 * `staff.message`) and previewed in Settings → Email.
 */
import { asc, eq } from "drizzle-orm";
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { z } from "zod";
import { opsDb } from "@/db/ops/client";
import { auditLog, emailTemplates } from "@/db/ops/schema";
import { writeAudit, type AuditActor } from "@/lib/audit";
import { escapeHtml } from "@/lib/email";
import { notFound, validation } from "@/lib/errors";

/** Templates the code knows, with the placeholders it fills and sample values for the preview. */
export const KNOWN_TEMPLATES: Record<string, { label: string; subject: string; body: string; sample: Record<string, string> }> = {
  "staff.message": {
    label: "Message from staff (customer 360)",
    subject: "{{subject}}",
    body: "Hello {{name}},\n\n{{message}}\n\n— The {{company}} team",
    sample: { subject: "About your account", name: "Ada Lovelace", message: "Your VPN plan was upgraded.", company: "Skyport" },
  },
};

export const templateSchema = z.object({
  key: z.string().trim().regex(/^[a-z0-9._-]{1,64}$/, "Letters, digits, dots and dashes."),
  subject: z.string().trim().min(1, "Required.").max(200).refine((v) => !/[\r\n]/.test(v), "One line."),
  body: z.string().trim().min(1, "Required.").max(20_000),
});

export function fillPlaceholders(text: string, vars: Record<string, string>, escape: (v: string) => string = (v) => v): string {
  return text.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, name: string) => escape(vars[name] ?? ""));
}

export function renderTemplate(template: { subject: string; body: string }, vars: Record<string, string>) {
  const subject = fillPlaceholders(template.subject, vars).replace(/[\r\n]+/g, " ").trim();
  const text = fillPlaceholders(template.body, vars);
  const html = sanitizeHtml(marked.parse(fillPlaceholders(template.body, vars, escapeHtml), { async: false }) as string, {
    allowedTags: sanitizeHtml.defaults.allowedTags,
    allowedSchemes: ["https", "http", "mailto"],
  });
  return { subject, text, html };
}

export async function listEmailTemplates() {
  const stored = await opsDb().select().from(emailTemplates).orderBy(asc(emailTemplates.key));
  const byKey = new Map(stored.map((t) => [t.key, t]));
  const keys = [...new Set([...Object.keys(KNOWN_TEMPLATES), ...byKey.keys()])].sort();
  return keys.map((key) => ({
    key,
    label: KNOWN_TEMPLATES[key]?.label ?? key,
    subject: byKey.get(key)?.subject ?? KNOWN_TEMPLATES[key]!.subject,
    body: byKey.get(key)?.body ?? KNOWN_TEMPLATES[key]!.body,
    customised: byKey.has(key),
    sample: KNOWN_TEMPLATES[key]?.sample ?? {},
  }));
}

/** The template to send with: the stored one, else the built-in default. */
export async function getEmailTemplate(key: string) {
  const [row] = await opsDb().select().from(emailTemplates).where(eq(emailTemplates.key, key)).limit(1);
  if (row) return { subject: row.subject, body: row.body };
  const known = KNOWN_TEMPLATES[key];
  if (!known) throw notFound("No such email template.");
  return { subject: known.subject, body: known.body };
}

export async function saveEmailTemplate(actor: AuditActor, input: z.input<typeof templateSchema>) {
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    const out: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (out[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw validation(out);
  }
  const data = parsed.data;
  if (!KNOWN_TEMPLATES[data.key]) throw validation({ key: ["Only templates the application sends can be edited."] });
  return opsDb().transaction(async (tx) => {
    const [before] = await tx.select().from(emailTemplates).where(eq(emailTemplates.key, data.key)).limit(1);
    await tx
      .insert(emailTemplates)
      .values(data)
      .onConflictDoUpdate({ target: emailTemplates.key, set: { subject: data.subject, body: data.body, updatedAt: new Date() } });
    await writeAudit(tx, auditLog, actor, {
      action: "email_template.updated",
      entityType: "email_template",
      entityId: data.key,
      before: before ? { subject: before.subject, body: before.body } : { subject: KNOWN_TEMPLATES[data.key]!.subject, body: KNOWN_TEMPLATES[data.key]!.body, default: true },
      after: { subject: data.subject, body: data.body },
    });
    return { key: data.key };
  });
}
