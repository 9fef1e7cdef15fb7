/**
 * Loaded into the e2e app server with `node --import` (NODE_OPTIONS, set by scripts/e2e-server.ts). PayPal webhook
 * signatures are checked against a certificate the app downloads from paypal.com; in the tests the events are
 * signed by the local stand-in's own key, so this answers that one certificate URL with the stand-in's
 * certificate. Every other request goes out untouched; without the variables this does nothing.
 */
import { readFileSync } from "node:fs";

const certUrl = process.env.E2E_PAYPAL_CERT_URL;
const certFile = process.env.E2E_PAYPAL_CERT_FILE;

if (certUrl && certFile) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async function fetchWithStandInCert(input, init) {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input?.url;
    if (url === certUrl) return new Response(readFileSync(certFile, "utf8"), { status: 200, headers: { "content-type": "application/x-pem-file" } });
    return realFetch(input, init);
  };
}
