import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingDb } from "@/db/billing/client";
import { coupons } from "@/db/billing/schema";
import type { TempDatabases } from "@/lib/testing/temp-databases";
import { addTaxRate, setSetting, setupBillingDatabases } from "./__fixtures__/setup";
import { placeOrder } from "./checkout";
import { invoicePdfDownload, renderInvoicePdf } from "./invoice-pdf";
import { recordPayment } from "./invoices";
import { getInvoiceDetail } from "./queries";

let temp: TempDatabases;
const now = new Date("2026-11-22T09:00:00Z");

/**
 * The text of an uncompressed pdfkit PDF: its standard fonts write each run as `[<hex> kern <hex> …] TJ`, the hex
 * being WinAnsi codes. Good enough to assert what a reader would see.
 */
function pdfTextOf(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  const runs: string[] = [];
  for (const match of source.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    const hex = [...match[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join("");
    runs.push(Buffer.from(hex, "hex").toString("latin1"));
  }
  return runs.join("\n");
}

beforeAll(async () => {
  temp = await setupBillingDatabases();
  await setSetting("company.legalName", "Skyport Networks Ltd.");
  await setSetting("company.address", ["1 Example Street", "London EC1A 1AA"]);
  await setSetting("company.vatId", "GB123456789");
  await setSetting("company.country", "GB");
  await addTaxRate({ name: "VAT", country: "GB", rateBps: 2000 });
  await billingDb().insert(coupons).values({ code: "PDF10", discountType: "percent", percentBps: 1000 });
});
afterAll(() => temp.cleanup());

describe("invoice PDF", () => {
  it("prints the provider from settings, the customer, items, discount, tax line, totals and status", async () => {
    const placed = await placeOrder(
      "pdf-customer",
      { currency: "GBP", items: [{ productSlug: "vpn-family", cycle: "yearly", quantity: 1 }], couponCode: "PDF10", billingCountry: "GB" },
      { idempotencyKey: "pdf-1", now, profile: { name: "Ada Lovelace", email: "ada@example.test" } },
    );
    const before = (await getInvoiceDetail(placed.invoice.id))!;
    // 10 % off, then 20 % VAT on the discounted line, rounded once.
    const discount = Math.round(before.subtotal / 10);
    expect(before.discount).toBe(discount);
    expect(before.tax).toBe(Math.round(((before.subtotal - discount) * 2000) / 10000));
    await recordPayment({ invoiceId: before.id, gateway: "bank_transfer", gatewayRef: "PDF-REF-1", amount: before.total, currency: "GBP" }, { now });
    const invoice = (await getInvoiceDetail(placed.invoice.id))!;

    const pdf = await renderInvoicePdf(invoice, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.subarray(-6).toString()).toContain("%%EOF");
    const text = pdfTextOf(pdf);
    const money = (minor: number) => `£${(minor / 100).toFixed(2)}`;
    for (const expected of [
      "Skyport Networks Ltd.",
      "1 Example Street",
      "VAT ID GB123456789",
      `Number: ${invoice.number}`,
      "Status: Paid",
      "Ada Lovelace",
      "Family (yearly)",
      "Subtotal",
      money(invoice.subtotal),
      "Discount",
      `-${money(invoice.discount)}`,
      "VAT 20%",
      money(invoice.tax),
      "Total",
      money(invoice.total),
      "Amount due",
      "£0.00",
      "by Bank transfer",
    ]) {
      expect(text, `missing "${expected}"`).toContain(expected);
    }
  });

  it("is downloadable by its owner only: another customer gets nothing (a 404 at the route)", async () => {
    const placed = await placeOrder(
      "pdf-owner",
      { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "US" },
      { idempotencyKey: "pdf-2", now },
    );
    const own = await invoicePdfDownload(placed.invoice.id, { customerId: "pdf-owner" });
    expect(own?.filename).toBe(`${placed.invoice.number}.pdf`);
    expect(own!.body.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await invoicePdfDownload(placed.invoice.id, { customerId: "someone-else" })).toBeNull();
    expect(await invoicePdfDownload("no-such-invoice")).toBeNull();
    // Staff (no customer scope) get any invoice.
    expect((await invoicePdfDownload(placed.invoice.id))?.filename).toBe(`${placed.invoice.number}.pdf`);
  });
});
