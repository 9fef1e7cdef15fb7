import "server-only";
/** Every gateway behind the one interface, by name. */
import type { Gateway } from "@/db/billing/schema";
import { AppError } from "@/lib/errors";
import { bankTransferGateway } from "./bank-transfer";
import { creditGateway } from "./credit";
import { paypalGateway } from "./paypal/gateway";
import { stripeGateway } from "./stripe/gateway";
import type { PaymentGateway } from "./types";

const GATEWAYS: Partial<Record<Gateway, PaymentGateway>> = {
  stripe: stripeGateway,
  paypal: paypalGateway,
  bank_transfer: bankTransferGateway,
  credit: creditGateway,
};

export function gatewayFor(name: Gateway): PaymentGateway {
  const gateway = GATEWAYS[name];
  if (!gateway) throw new AppError("VALIDATION", `There is no payment gateway "${name}".`);
  return gateway;
}
