/** Test credentials of the local gateway stand-ins (not secrets: they only open the stand-ins). */
export const E2E_STRIPE = { secretKey: "sk_test_e2e_skyport_standin", webhookSecret: "whsec_e2e_skyport_standin" } as const;
export const E2E_PAYPAL = { clientId: "e2e-skyport-paypal-client", clientSecret: "e2e-skyport-paypal-secret", webhookId: "WH-E2E-SKYPORT-STANDIN" } as const;

/** The stand-ins listen next to the app: E2E_PORT + 100 (Stripe) and + 101 (PayPal), so parallel runs don't clash. */
export function standInPorts(e2ePort: number) {
  return { stripe: e2ePort + 100, paypal: e2ePort + 101 };
}
