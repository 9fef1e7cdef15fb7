import "server-only";
/** The ways a customer can pay an invoice right now: gateways switched on (and configured), and their credit. */
import { creditBalance } from "@/lib/billing";
import { formatMoney } from "@/lib/format/money";
import { listGatewayConfigs } from "@/lib/payments";
import { GATEWAY_NAMES } from "./strings";

const ORDER = ["stripe", "paypal", "bank_transfer", "credit"];

export async function paymentOptions(customerId: string, currency: string, options: { includeCredit?: boolean; includeBank?: boolean } = {}) {
  const configs = await listGatewayConfigs();
  const out: Array<{ gateway: string; label: string; hint?: string }> = [];
  for (const g of configs.filter((c) => ORDER.includes(c.gateway)).sort((a, b) => ORDER.indexOf(a.gateway) - ORDER.indexOf(b.gateway))) {
    if (!g.enabled) continue;
    if ((g.gateway === "stripe" || g.gateway === "paypal") && !g.configured) continue;
    if (g.gateway === "bank_transfer" && options.includeBank === false) continue;
    if (g.gateway === "credit") {
      if (options.includeCredit === false) continue;
      const balance = await creditBalance(customerId, currency);
      if (balance <= 0) continue;
      out.push({ gateway: "credit", label: `${GATEWAY_NAMES.credit} (${formatMoney(balance, currency)})` });
      continue;
    }
    out.push({ gateway: g.gateway, label: GATEWAY_NAMES[g.gateway] ?? g.displayName });
  }
  return out;
}
