/**
 * The payment gateways for the browser tests, started by scripts/e2e-server.ts before `next start`: the Stripe and
 * PayPal API stand-ins (lib/payments/testing), each behind a small front server on a port derived from E2E_PORT
 * that adds what a browser meets at the gateway:
 *
 * - Stripe (E2E_PORT + 100): the hosted Checkout page (`/checkout/<session>`) with a "Pay" button; paying completes
 *   the session at the stand-in, keeps the events Stripe would send (for the test to sign and deliver, as many times
 *   as it likes) and redirects to the session's success_url, as Stripe does.
 * - PayPal (E2E_PORT + 101): the approval page (`/checkoutnow?token=<order>`) with "Approve"; approving redirects to
 *   the order's return_url with `token` and `PayerID`, as PayPal does. `POST /__e2e/paypal/webhook` builds a
 *   webhook event about a capture, signs it with the stand-in's own key pair and delivers it to the app.
 *
 * Everything else is passed through to the API stand-ins (the URLs they put in answers are rewritten to the front
 * servers). The PayPal signing certificate is written to a file that e2e/support/paypal-cert-preload.mjs serves
 * to the app in place of PayPal's certificate URL (the app only fetches certificates from paypal.com).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createPayPalSigner, startFakePayPal, type FakePayPal } from "../../lib/payments/testing/paypal-server";
import { startFakeStripe, type FakeStripe } from "../../lib/payments/testing/stripe-server";
import { E2E_PAYPAL, E2E_STRIPE, standInPorts } from "./payment-constants";

type Obj = Record<string, unknown>;

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => resolve(raw));
  });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, title: string, body: string) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.6rem 1.2rem;margin-right:.5rem}</style>
</head><body>${body}</body></html>`);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location });
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Passes a request through to an API stand-in, rewriting its own base URL to the front server's in the answer. */
function proxy(req: IncomingMessage, res: ServerResponse, body: string, target: string, front: string) {
  const url = new URL(req.url ?? "/", target);
  const headers = { ...req.headers, host: url.host, "content-length": String(Buffer.byteLength(body)) };
  const upstream = httpRequest(url, { method: req.method, headers }, (answer) => {
    let raw = "";
    answer.on("data", (c: Buffer) => (raw += c.toString()));
    answer.on("end", () => {
      const rewritten = raw.split(target).join(front);
      const out: Record<string, string> = { "content-type": String(answer.headers["content-type"] ?? "application/json") };
      for (const h of ["request-id", "idempotent-replayed", "paypal-debug-id"]) if (answer.headers[h]) out[h] = String(answer.headers[h]);
      res.writeHead(answer.statusCode ?? 502, out);
      res.end(rewritten);
    });
  });
  upstream.on("error", (error) => json(res, 502, { error: { type: "api_error", message: error.message } }));
  upstream.end(body);
}

function listen(server: Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

export interface PaymentStandIns {
  /** Variables for the app: where the gateways are and their (test) credentials. */
  env: Record<string, string>;
  stripe: FakeStripe;
  paypal: FakePayPal;
  close(): Promise<void>;
}

export async function startPaymentStandIns(options: { e2ePort: number; appUrl: string; dataDir: string }): Promise<PaymentStandIns> {
  const ports = standInPorts(options.e2ePort);
  const stripeFront = `http://127.0.0.1:${ports.stripe}`;
  const paypalFront = `http://127.0.0.1:${ports.paypal}`;
  const stripe = await startFakeStripe({ secretKey: E2E_STRIPE.secretKey });
  const paypal = await startFakePayPal({ clientId: E2E_PAYPAL.clientId, clientSecret: E2E_PAYPAL.clientSecret });
  const signer = createPayPalSigner();
  const certFile = path.join(options.dataDir, "paypal-webhook-cert.pem");
  writeFileSync(certFile, signer.certPem);
  /** Events Stripe would send after each paid session, by session id. */
  const stripeEvents = new Map<string, Obj[]>();

  const stripeServer = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", stripeFront);
      let m: RegExpExecArray | null;
      if (req.method === "GET" && (m = /^\/checkout\/([^/]+)$/.exec(url.pathname))) {
        const session = stripe.sessions.get(m[1]!);
        if (!session) return page(res, "Not found", "<h1>This checkout session does not exist</h1>");
        const amount = `${(Number(session.amount_total) / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
        return page(
          res,
          "Stripe Checkout (local stand-in)",
          `<h1>Pay ${escapeHtml(amount)}</h1><p>Card 4242 4242 4242 4242 · local Stripe stand-in</p>
<form method="post" action="/checkout/${escapeHtml(m[1]!)}/pay"><button type="submit">Pay</button><a href="${escapeHtml(String(session.cancel_url))}">Cancel</a></form>`,
        );
      }
      if (req.method === "POST" && (m = /^\/checkout\/([^/]+)\/pay$/.exec(url.pathname))) {
        const session = stripe.sessions.get(m[1]!);
        if (!session) return page(res, "Not found", "<h1>This checkout session does not exist</h1>");
        if (session.status !== "complete") {
          const done = stripe.completeCheckout(m[1]!);
          stripeEvents.set(m[1]!, [stripe.event("checkout.session.completed", done.session), stripe.event("payment_intent.succeeded", done.paymentIntent)]);
        }
        return redirect(res, String(session.success_url));
      }
      if (req.method === "GET" && (m = /^\/__e2e\/stripe\/events\/([^/]+)$/.exec(url.pathname))) {
        return json(res, 200, stripeEvents.get(m[1]!) ?? []);
      }
      return proxy(req, res, body, stripe.url, stripeFront);
    })();
  });

  const paypalServer = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", paypalFront);
      let m: RegExpExecArray | null;
      if (req.method === "GET" && url.pathname === "/checkoutnow") {
        const id = url.searchParams.get("token") ?? "";
        const order = paypal.orders.get(id);
        if (!order) return page(res, "Not found", "<h1>This PayPal order does not exist</h1>");
        const amount = ((order.purchase_units as Obj[])[0]!.amount ?? {}) as Obj;
        return page(
          res,
          "PayPal (local stand-in)",
          `<h1>Pay ${escapeHtml(`${amount.value} ${amount.currency_code}`)} with PayPal</h1><p>buyer@example.test · local PayPal stand-in</p>
<form method="post" action="/checkoutnow/${escapeHtml(id)}/approve"><button type="submit">Approve</button><a href="/checkoutnow/${escapeHtml(id)}/cancel">Cancel</a></form>`,
        );
      }
      if ((m = /^\/checkoutnow\/([^/]+)\/(approve|cancel)$/.exec(url.pathname))) {
        const order = paypal.orders.get(m[1]!);
        if (!order) return page(res, "Not found", "<h1>This PayPal order does not exist</h1>");
        const context = (order.application_context_requested ?? {}) as Obj;
        if (m[2] === "cancel") return redirect(res, `${String(context.cancel_url)}${String(context.cancel_url).includes("?") ? "&" : "?"}token=${m[1]}`);
        if (order.status === "CREATED") paypal.approve(m[1]!);
        const back = new URL(String(context.return_url));
        back.searchParams.set("token", m[1]!);
        back.searchParams.set("PayerID", String((order.payer as Obj | undefined)?.payer_id ?? "PAYER"));
        return redirect(res, back.toString());
      }
      if (req.method === "POST" && url.pathname === "/__e2e/paypal/webhook") {
        // { eventType, invoiceId, times }: the event PayPal would send about the invoice's capture, delivered `times` times.
        const input = JSON.parse(body || "{}") as { eventType?: string; invoiceId?: string; times?: number };
        const capture = [...paypal.captures.values()].find((c) => c.custom_id === input.invoiceId);
        if (!capture) return json(res, 404, { error: `no capture for invoice ${input.invoiceId}` });
        const event = paypal.event(input.eventType ?? "PAYMENT.CAPTURE.COMPLETED", capture);
        const raw = JSON.stringify(event);
        const statuses: number[] = [];
        for (let i = 0; i < Math.min(Math.max(input.times ?? 1, 1), 10); i++) {
          const answer = await fetch(`${options.appUrl}/api/webhooks/paypal`, {
            method: "POST",
            headers: { "content-type": "application/json", ...signer.headers(raw, E2E_PAYPAL.webhookId) },
            body: raw,
          });
          statuses.push(answer.status);
        }
        return json(res, 200, { eventId: event.id, statuses });
      }
      return proxy(req, res, body, paypal.url, paypalFront);
    })();
  });

  await listen(stripeServer, ports.stripe);
  await listen(paypalServer, ports.paypal);

  return {
    env: {
      STRIPE_SECRET_KEY: E2E_STRIPE.secretKey,
      STRIPE_WEBHOOK_SECRET: E2E_STRIPE.webhookSecret,
      STRIPE_API_BASE: stripeFront,
      PAYPAL_CLIENT_ID: E2E_PAYPAL.clientId,
      PAYPAL_CLIENT_SECRET: E2E_PAYPAL.clientSecret,
      PAYPAL_WEBHOOK_ID: E2E_PAYPAL.webhookId,
      PAYPAL_API_BASE: paypalFront,
      E2E_PAYPAL_CERT_FILE: certFile,
      E2E_PAYPAL_CERT_URL: signer.certUrl,
    },
    stripe,
    paypal,
    async close() {
      await Promise.all([
        new Promise((r) => stripeServer.close(r)),
        new Promise((r) => paypalServer.close(r)),
        stripe.close(),
        paypal.close(),
      ]);
    },
  };
}
