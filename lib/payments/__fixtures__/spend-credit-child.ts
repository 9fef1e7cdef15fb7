/** Child process for the credit race test: waits for a go file, then tries to pay an invoice from credit. */
import { existsSync } from "node:fs";
import { payWithCredit } from "@/lib/payments/credit";

const [customerId = "", invoiceId = "", amount = "0", goFile = ""] = process.argv.slice(2);
console.log("READY");
while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 5));
try {
  const result = await payWithCredit(customerId, invoiceId, { amount: Number(amount) });
  console.log(`RESULT ok ${JSON.stringify(result)}`);
} catch (error) {
  console.log(`RESULT error ${(error as Error).message}`);
}
process.exit(0);
