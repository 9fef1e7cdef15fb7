/** Child process for the numbering test: issues N invoices concurrently on the shared temp billing database. */
import { billingDb } from "@/db/billing/client";
import { createInvoice } from "@/lib/billing/invoices";

const [count = "25", tag = "child"] = process.argv.slice(2);
const now = new Date("2026-06-01T00:00:00Z");
const numbers = await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    billingDb().transaction((tx) =>
      createInvoice(tx, {
        customerId: `${tag}-${i}`,
        kind: "manual",
        currency: "USD",
        dueAt: now,
        now,
        billingDetails: null,
        items: [{ description: "x", quantity: 1, unitAmount: 100, amount: 100, total: 100 }],
      }).then((inv) => inv.number),
    ),
  ),
);
console.log(`NUMBERS ${JSON.stringify(numbers)}`);
process.exit(0);
