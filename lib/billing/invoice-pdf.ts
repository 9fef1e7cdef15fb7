import "server-only";
/**
 * Invoice PDFs, drawn with pdfkit (a maintained, dependency-light PDF writer; no headless browser needed). The
 * provider's details come from ops settings (company.*), the customer's from the snapshot copied onto the invoice
 * when it was issued, so a PDF downloaded years later shows what was invoiced then.
 *
 * Text uses the built-in Helvetica (WinAnsi): "€" and "£" exist there, the typographic minus does not, so amounts
 * are written with a plain hyphen. Money is formatted from integer minor units by lib/format/money (never floats).
 */
import { existsSync, readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";
import type { getInvoiceDetail } from "./queries";
import { getBillingSettings, type BillingSettings } from "./settings";

export type InvoicePdfData = NonNullable<Awaited<ReturnType<typeof getInvoiceDetail>>>;

const STATUS_WORDS: Record<string, string> = {
  draft: "Draft",
  unpaid: "Unpaid",
  paid: "Paid",
  partially_paid: "Partially paid",
  overdue: "Overdue",
  cancelled: "Cancelled",
  refunded: "Refunded",
  partially_refunded: "Partially refunded",
};

const GATEWAY_WORDS: Record<string, string> = { stripe: "Card", paypal: "PayPal", bank_transfer: "Bank transfer", credit: "Account credit", manual: "Manual" };

/** WinAnsi-safe text: typographic minus/dashes and bullets become ASCII, anything else unknown becomes "?". */
export function pdfText(value: string): string {
  return value
    .replace(/[\u2212\u2012\u2013]/g, "-")
    .replace(/\u2014/g, "-")
    .replace(/\u2022/g, "*")
    .replace(/\u00a0|\u202f/g, " ")
    .replace(/[^\x20-\x7e\u00a0-\u00ff\u20ac\u2018\u2019\u201c\u201d\n]/g, "?");
}

/** One line per (tax name, rate), as printed under the subtotal. */
export function taxLinesOf(items: InvoicePdfData["items"]): Array<{ name: string; rateBps: number; amount: number }> {
  const lines = new Map<string, { name: string; rateBps: number; amount: number }>();
  for (const item of items) {
    if (!item.taxAmount && !item.taxRateBps) continue;
    const key = `${item.taxName}|${item.taxRateBps}`;
    const line = lines.get(key) ?? { name: item.taxName ?? "Tax", rateBps: item.taxRateBps, amount: 0 };
    line.amount += item.taxAmount;
    lines.set(key, line);
  }
  return [...lines.values()];
}

const rate = (bps: number) => `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;

export interface RenderInvoicePdfOptions {
  /** Provider details; read from settings when omitted. */
  settings?: BillingSettings;
  /** false writes uncompressed content streams (tests read the text back). */
  compress?: boolean;
}

export async function renderInvoicePdf(invoice: InvoicePdfData, options: RenderInvoicePdfOptions = {}): Promise<Buffer> {
  const settings = options.settings ?? (await getBillingSettings());
  const title = invoice.number ? `Invoice ${invoice.number}` : "Invoice (draft)";
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    compress: options.compress ?? true,
    info: { Title: title, Author: settings.companyLegalName || settings.companyName, Subject: title, Creator: "Skyport" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const m = (minor: number) => pdfText(formatMoney(minor, invoice.currency));
  const left = doc.page.margins.left;
  const right = doc.page.width - doc.page.margins.right;
  const width = right - left;

  // Header: logo (optional) and provider, then the title block on the right.
  let y = 50;
  if (settings.companyLogoPath && existsSync(settings.companyLogoPath)) {
    try {
      doc.image(readFileSync(settings.companyLogoPath), left, y, { fit: [120, 48] });
      y += 56;
    } catch {
      // A broken logo file must not stop the invoice; the name is printed below anyway.
    }
  }
  doc.font("Helvetica-Bold").fontSize(16).fillColor("#111111").text(pdfText(settings.companyLegalName || settings.companyName), left, y, { width: width / 2 });
  doc.font("Helvetica").fontSize(9).fillColor("#444444");
  for (const line of settings.companyAddress) doc.text(pdfText(line), { width: width / 2 });
  if (settings.companyVatId) doc.text(pdfText(`VAT ID ${settings.companyVatId}`), { width: width / 2 });
  if (settings.companyEmail) doc.text(pdfText(settings.companyEmail), { width: width / 2 });
  const afterSeller = doc.y;

  doc.font("Helvetica-Bold").fontSize(20).fillColor("#111111").text("INVOICE", left + width / 2, 50, { width: width / 2, align: "right" });
  doc.font("Helvetica").fontSize(10).fillColor("#111111");
  const meta: Array<[string, string]> = [
    ["Number", invoice.number ?? "draft"],
    ["Status", STATUS_WORDS[invoice.status] ?? invoice.status],
    ["Issued", formatDate(invoice.issuedAt)],
    ["Due", formatDate(invoice.dueAt)],
  ];
  if (invoice.paidAt) meta.push(["Paid", formatDate(invoice.paidAt)]);
  for (const [k, v] of meta) doc.text(pdfText(`${k}: ${v}`), left + width / 2, doc.y, { width: width / 2, align: "right" });

  // Billed to.
  y = Math.max(afterSeller, doc.y) + 24;
  const bd = invoice.billingDetails;
  doc.font("Helvetica-Bold").fontSize(9).fillColor("#666666").text("BILLED TO", left, y);
  doc.font("Helvetica").fontSize(10).fillColor("#111111");
  const billed = [bd?.companyName || bd?.name, bd?.companyName ? bd?.name : null, ...(bd?.address ?? []), bd?.country, bd?.vatId ? `VAT ID ${bd.vatId}` : null, bd?.email].filter(
    (l): l is string => Boolean(l),
  );
  for (const line of billed.length ? billed : ["-"]) doc.text(pdfText(line), left, doc.y, { width: width / 2 });

  // Items table.
  const cols = [
    { key: "description", label: "Description", x: left, w: width * 0.42, align: "left" as const },
    { key: "qty", label: "Qty", x: left + width * 0.42, w: width * 0.07, align: "right" as const },
    { key: "unit", label: "Unit price", x: left + width * 0.49, w: width * 0.14, align: "right" as const },
    { key: "discount", label: "Discount", x: left + width * 0.63, w: width * 0.12, align: "right" as const },
    { key: "tax", label: "Tax", x: left + width * 0.75, w: width * 0.11, align: "right" as const },
    { key: "total", label: "Amount", x: left + width * 0.86, w: width * 0.14, align: "right" as const },
  ];
  y = doc.y + 24;
  doc.font("Helvetica-Bold").fontSize(9).fillColor("#666666");
  for (const c of cols) doc.text(c.label, c.x, y, { width: c.w - 4, align: c.align });
  y = doc.y + 4;
  doc.moveTo(left, y).lineTo(right, y).strokeColor("#cccccc").stroke();
  y += 6;
  doc.font("Helvetica").fontSize(9).fillColor("#111111");
  for (const item of invoice.items) {
    if (y > doc.page.height - 200) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    const period = item.periodStart && item.periodEnd ? `\n${formatDate(item.periodStart)} - ${formatDate(item.periodEnd)}` : "";
    const cells: Record<string, string> = {
      description: pdfText(`${item.description}${period}`),
      qty: String(item.quantity),
      unit: m(item.unitAmount),
      discount: item.discount ? `-${m(item.discount)}` : "-",
      tax: item.taxAmount ? `${m(item.taxAmount)}\n(${rate(item.taxRateBps)})` : "-",
      total: m(item.total),
    };
    let rowBottom = y;
    for (const c of cols) {
      doc.text(cells[c.key]!, c.x, y, { width: c.w - 4, align: c.align });
      rowBottom = Math.max(rowBottom, doc.y);
    }
    y = rowBottom + 6;
    doc.moveTo(left, y - 3).lineTo(right, y - 3).strokeColor("#eeeeee").stroke();
  }

  // Totals.
  const totals: Array<[string, string, boolean?]> = [["Subtotal", m(invoice.subtotal)]];
  if (invoice.discount > 0) totals.push(["Discount", `-${m(invoice.discount)}`]);
  for (const line of taxLinesOf(invoice.items)) totals.push([`${line.name} ${rate(line.rateBps)}${invoice.taxInclusive ? " (included)" : ""}`, m(line.amount)]);
  totals.push(["Total", m(invoice.total), true]);
  if (invoice.amountPaid > 0) totals.push(["Paid", `-${m(invoice.amountPaid)}`]);
  if (invoice.amountRefunded > 0) totals.push(["Refunded", m(invoice.amountRefunded)]);
  totals.push(["Amount due", m(invoice.amountDue), true]);
  y += 8;
  const labelX = left + width * 0.5;
  for (const [label, value, bold] of totals) {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 11 : 10).fillColor("#111111");
    doc.text(pdfText(label), labelX, y, { width: width * 0.3, align: "left" });
    doc.text(value, labelX + width * 0.3, y, { width: width * 0.2, align: "right" });
    y = doc.y + 4;
  }

  // Notes: reverse charge, payments, free text.
  doc.font("Helvetica").fontSize(9).fillColor("#444444");
  y += 12;
  const notes: string[] = [];
  if (invoice.reverseCharge) notes.push("Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).");
  for (const p of invoice.payments) {
    if (p.status === "held") continue;
    notes.push(`Payment ${formatDate(p.paidAt)}: ${m(p.amount)} by ${GATEWAY_WORDS[p.gateway] ?? p.gateway}${p.amountRefunded ? ` (refunded ${m(p.amountRefunded)})` : ""}`);
  }
  for (const cn of invoice.creditNotes) notes.push(`Credit note ${cn.number} (${formatDate(cn.issuedAt)}): ${m(cn.total)}${cn.reason ? ` - ${cn.reason}` : ""}`);
  if (invoice.notes && !invoice.reverseCharge) notes.push(invoice.notes);
  for (const note of notes) doc.text(pdfText(note), left, y > doc.page.height - 80 ? undefined : y, { width }), (y = doc.y + 3);

  doc.end();
  return done;
}

/**
 * The PDF of one invoice for a download: with `customerId`, only that customer's invoice (someone else's is null,
 * which the route turns into a 404, the same answer as a missing one).
 */
export async function invoicePdfDownload(invoiceId: string, scope: { customerId?: string } = {}): Promise<{ filename: string; body: Buffer } | null> {
  const { getInvoiceDetail } = await import("./queries");
  const invoice = await getInvoiceDetail(invoiceId, scope);
  if (!invoice || invoice.status === "draft") return null;
  return { filename: `${invoice.number ?? "invoice"}.pdf`, body: await renderInvoicePdf(invoice) };
}

export function pdfResponse(file: { filename: string; body: Buffer }): Response {
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
