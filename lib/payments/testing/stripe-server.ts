/**
 * A local stand-in for the Stripe API (stripe-mock is not obtainable here), speaking Stripe's wire format for the
 * endpoints Skyport calls: form-encoded requests with bracket notation, JSON objects, `expand[]`, Idempotency-Key
 * replay, Bearer auth, and Stripe's error envelope. Tests and the e2e demo drive it with helpers that complete a
 * checkout, fail a charge, refund or dispute, and build the events Stripe would send.
 *
 *   const fake = await startFakeStripe({ secretKey: "sk_test_x" });
 *   process.env.STRIPE_API_BASE = fake.url;
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";

type Obj = Record<string, unknown>;
/** A Stripe API object as the stand-in returns it. */
export type StripeObject = Obj & { id: string };

const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

/** Parses `a[b][0][c]=v&x=y` into nested objects/arrays, as Stripe does. */
export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, "").split("[");
    let node: Obj | unknown[] = out;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const key: string | number = Array.isArray(node) ? Number(segment) : segment;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[key] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1]!);
      container[key] ??= nextIsIndex ? [] : {};
      node = container[key] as Obj | unknown[];
    });
  }
  return out;
}

export interface FakeStripeOptions {
  secretKey: string;
  /** Cards whose off-session charges are declined / need authentication. */
  port?: number;
}

export interface FakeStripe {
  url: string;
  secretKey: string;
  requests: Array<{ method: string; path: string; body: Obj; idempotencyKey: string | null }>;
  sessions: Map<string, Obj>;
  paymentIntents: Map<string, Obj>;
  charges: Map<string, Obj>;
  refunds: Map<string, Obj>;
  disputes: Map<string, Obj>;
  customers: Map<string, Obj>;
  paymentMethods: Map<string, Obj>;
  /** Payment methods whose off-session charges fail with this error code. */
  declines: Map<string, "card_declined" | "authentication_required">;
  /**
   * The customer pays a checkout session. `amount`/`currency` override what was asked (to simulate a tampered or
   * mismatched payment). Returns the objects Stripe would hold afterwards.
   */
  completeCheckout(sessionId: string, override?: { amount?: number; currency?: string }): { session: StripeObject; paymentIntent: StripeObject; charge: StripeObject; paymentMethod: StripeObject };
  /** A PaymentIntent that succeeded at Stripe without Skyport hearing of it (a lost webhook), for reconciliation. */
  succeededPaymentIntent(fields: { amount: number; currency: string; metadata?: Obj; created?: number }): StripeObject;
  /** A PaymentIntent for `invoiceId` that failed (for payment_intent.payment_failed). */
  failedPaymentIntent(invoiceId: string, amount: number, currency: string): StripeObject;
  /** A refund made at Stripe (dashboard) of a PaymentIntent. */
  refundAtStripe(paymentIntentId: string, amount?: number): StripeObject;
  dispute(paymentIntentId: string, reason?: string): StripeObject;
  /** The event Stripe would send about `object`. */
  event(type: string, object: Obj): StripeObject;
  close(): Promise<void>;
}

function stripeError(res: ServerResponse, status: number, error: Obj) {
  res.writeHead(status, { "content-type": "application/json", "request-id": rid("req") });
  res.end(JSON.stringify({ error }));
}

export async function startFakeStripe(options: FakeStripeOptions): Promise<FakeStripe> {
  const sessions = new Map<string, Obj>();
  const paymentIntents = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const refunds = new Map<string, Obj>();
  const disputes = new Map<string, Obj>();
  const customers = new Map<string, Obj>();
  const paymentMethods = new Map<string, Obj>();
  const declines = new Map<string, "card_declined" | "authentication_required">();
  const idempotent = new Map<string, { status: number; body: string }>();
  const requests: FakeStripe["requests"] = [];
  const now = () => Math.floor(Date.now() / 1000);
  let baseUrl = "";

  const newCustomer = (email?: unknown) => {
    const customer = { id: rid("cus"), object: "customer", email: email ?? null, created: now() };
    customers.set(customer.id, customer);
    return customer;
  };
  const newCard = (customer: string | null) => {
    const pm = {
      id: rid("pm"),
      object: "payment_method",
      type: "card",
      customer,
      card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 },
      created: now(),
    };
    paymentMethods.set(pm.id, pm);
    return pm;
  };
  const newCharge = (pi: Obj) => {
    const charge: Obj = {
      id: rid("ch"),
      object: "charge",
      amount: pi.amount,
      amount_refunded: 0,
      currency: pi.currency,
      payment_intent: pi.id,
      status: "succeeded",
      paid: true,
      refunded: false,
      created: now(),
    };
    charges.set(charge.id as string, charge);
    return charge;
  };
  const newPaymentIntent = (fields: Obj) => {
    const pi: Obj = {
      id: rid("pi"),
      object: "payment_intent",
      amount: 0,
      amount_received: 0,
      currency: "usd",
      status: "requires_payment_method",
      metadata: {},
      customer: null,
      payment_method: null,
      latest_charge: null,
      setup_future_usage: null,
      last_payment_error: null,
      description: null,
      created: now(),
      livemode: false,
      ...fields,
    };
    paymentIntents.set(pi.id as string, pi);
    return pi;
  };

  const get = (map: Map<string, Obj>, id: string) => {
    const value = map.get(id);
    return value ? structuredClone(value) : undefined;
  };

  /** `expand[]` support for the fields we use. */
  const expand = (object: Obj, fields: string[]): Obj => {
    for (const field of fields) {
      const [head, ...rest] = field.split(".");
      const value = object[head!];
      let expanded: Obj | undefined;
      if (typeof value === "string") {
        expanded =
          head === "payment_intent" ? get(paymentIntents, value) : head === "payment_method" ? get(paymentMethods, value) : head === "latest_charge" || head === "charge" ? get(charges, value) : head === "customer" ? get(customers, value) : undefined;
      } else if (value && typeof value === "object") {
        expanded = value as Obj;
      }
      if (head === "refunds") {
        const list = [...refunds.values()].filter((r) => r.charge === object.id);
        object.refunds = { object: "list", data: structuredClone(list), has_more: false, url: `/v1/refunds?charge=${object.id}` };
        continue;
      }
      if (expanded) object[head!] = rest.length ? expand(expanded, [rest.join(".")]) : expanded;
    }
    return object;
  };

  function refundOf(pi: Obj, amount: number, metadata: Obj = {}, reason: unknown = null): Obj {
    const charge = charges.get(pi.latest_charge as string);
    if (!charge) throw new Error("no charge to refund");
    const refund = {
      id: rid("re"),
      object: "refund",
      amount,
      charge: charge.id,
      payment_intent: pi.id,
      currency: pi.currency,
      status: "succeeded",
      reason,
      metadata,
      created: now(),
    };
    refunds.set(refund.id, refund);
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    return refund;
  }

  async function route(method: string, path: string, body: Obj, query: Obj, res: ServerResponse): Promise<{ status: number; json: unknown } | null> {
    const expandFields = ((method === "GET" ? query.expand : body.expand) as string[] | undefined) ?? [];
    let m: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/customers") return { status: 200, json: newCustomer(body.email) };
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const line = (body.line_items as Obj[] | undefined)?.[0] ?? {};
      const priceData = (line.price_data ?? {}) as Obj;
      const amount = Number(priceData.unit_amount ?? 0) * Number(line.quantity ?? 1);
      const id = rid("cs_test");
      const session: Obj = {
        id,
        object: "checkout.session",
        mode: body.mode,
        status: "open",
        payment_status: "unpaid",
        amount_total: amount,
        currency: priceData.currency,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        customer: body.customer ?? null,
        customer_creation: body.customer_creation ?? null,
        customer_email: body.customer_email ?? null,
        payment_intent: null,
        payment_intent_data: body.payment_intent_data ?? {},
        line_items_requested: body.line_items,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        url: `${baseUrl}/checkout/${id}`,
        created: now(),
        livemode: false,
      };
      sessions.set(id, session);
      return { status: 200, json: publicSession(session) };
    }
    if (method === "GET" && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path))) {
      const s = get(sessions, m[1]!);
      return s ? { status: 200, json: expand(publicSession(s), expandFields) } : null;
    }
    if (method === "POST" && path === "/v1/payment_intents") {
      const amount = Number(body.amount);
      const pmId = body.payment_method as string | undefined;
      const pi = newPaymentIntent({
        amount,
        currency: body.currency,
        customer: body.customer ?? null,
        payment_method: pmId ?? null,
        metadata: body.metadata ?? {},
        description: body.description ?? null,
        setup_future_usage: body.setup_future_usage ?? null,
      });
      if (body.confirm === "true") {
        const decline = pmId ? declines.get(pmId) : undefined;
        if (decline) {
          pi.status = decline === "authentication_required" ? "requires_action" : "requires_payment_method";
          pi.last_payment_error = { code: decline, decline_code: decline === "card_declined" ? "generic_decline" : undefined, message: decline === "card_declined" ? "Your card was declined." : "This payment requires authentication.", type: "card_error" };
          stripeError(res, 402, { type: "card_error", code: decline, decline_code: decline === "card_declined" ? "generic_decline" : undefined, message: (pi.last_payment_error as Obj).message, payment_intent: structuredClone(pi) });
          return { status: -1, json: null };
        }
        pi.status = "succeeded";
        pi.amount_received = amount;
        pi.latest_charge = newCharge(pi).id;
      }
      return { status: 200, json: expand(structuredClone(pi), expandFields) };
    }
    if (method === "GET" && path === "/v1/payment_intents") {
      // Newest first, as Stripe lists; `created[gte]`, `limit` and `starting_after` pagination.
      const gte = Number((query.created as Obj | undefined)?.gte ?? 0);
      const limit = Math.min(Number(query.limit ?? 10), 100);
      let all = [...paymentIntents.values()].filter((pi) => (pi.created as number) >= gte).reverse();
      if (query.starting_after) all = all.slice(all.findIndex((pi) => pi.id === query.starting_after) + 1);
      const data = all.slice(0, limit).map((pi) => expand(structuredClone(pi), ((query.expand as string[] | undefined) ?? []).map((f) => f.replace(/^data\./, ""))));
      return { status: 200, json: { object: "list", url: "/v1/payment_intents", has_more: all.length > limit, data } };
    }
    if (method === "POST" && (m = /^\/v1\/payment_methods\/([^/]+)\/detach$/.exec(path))) {
      const pm = paymentMethods.get(m[1]!);
      if (!pm) return null;
      pm.customer = null;
      return { status: 200, json: structuredClone(pm) };
    }
    if (method === "GET" && (m = /^\/v1\/payment_methods\/([^/]+)$/.exec(path))) {
      const pm = get(paymentMethods, m[1]!);
      return pm ? { status: 200, json: pm } : null;
    }
    if ((m = /^\/v1\/customers\/([^/]+)$/.exec(path))) {
      const customer = customers.get(m[1]!);
      if (!customer) return null;
      if (method === "POST") {
        const settings = (body.invoice_settings ?? {}) as Obj;
        customer.invoice_settings = { ...((customer.invoice_settings as Obj | undefined) ?? {}), ...settings };
      }
      return { status: 200, json: structuredClone(customer) };
    }
    if (method === "GET" && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const pi = get(paymentIntents, m[1]!);
      return pi ? { status: 200, json: expand(pi, expandFields) } : null;
    }
    if (method === "POST" && path === "/v1/refunds") {
      const pi = paymentIntents.get(body.payment_intent as string);
      if (!pi || pi.status !== "succeeded") {
        stripeError(res, 400, { type: "invalid_request_error", message: "This PaymentIntent has no successful charge to refund." });
        return { status: -1, json: null };
      }
      const charge = charges.get(pi.latest_charge as string)!;
      const amount = body.amount ? Number(body.amount) : (charge.amount as number) - (charge.amount_refunded as number);
      if (amount > (charge.amount as number) - (charge.amount_refunded as number)) {
        stripeError(res, 400, { type: "invalid_request_error", code: "charge_already_refunded", message: "Refund amount is greater than the unrefunded amount." });
        return { status: -1, json: null };
      }
      return { status: 200, json: refundOf(pi, amount, (body.metadata as Obj) ?? {}, body.reason ?? null) };
    }
    if (method === "GET" && (m = /^\/v1\/refunds\/([^/]+)$/.exec(path))) {
      const r = get(refunds, m[1]!);
      return r ? { status: 200, json: r } : null;
    }
    if (method === "GET" && (m = /^\/v1\/charges\/([^/]+)$/.exec(path))) {
      const c = get(charges, m[1]!);
      return c ? { status: 200, json: expand(c, expandFields) } : null;
    }
    if (method === "GET" && (m = /^\/v1\/disputes\/([^/]+)$/.exec(path))) {
      const d = get(disputes, m[1]!);
      return d ? { status: 200, json: d } : null;
    }
    return null;
  }

  /** What the API returns for a session (internal fields stripped). */
  function publicSession(s: Obj): Obj {
    const { payment_intent_data: _pid, line_items_requested: _li, ...rest } = s;
    return structuredClone(rest);
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const method = req.method ?? "GET";
        if (method === "GET" && url.pathname.startsWith("/checkout/")) {
          // The hosted checkout page stand-in (for e2e): shows the session; the test completes it via completeCheckout.
          res.writeHead(200, { "content-type": "text/html" });
          res.end(`<!doctype html><title>Stripe Checkout (local stand-in)</title><h1>Checkout ${url.pathname.slice(10)}</h1>`);
          return;
        }
        if (req.headers.authorization !== `Bearer ${options.secretKey}`) {
          stripeError(res, 401, { type: "invalid_request_error", message: "Invalid API Key provided" });
          return;
        }
        const body = parseStripeForm(raw);
        const query = parseStripeForm(url.search.slice(1));
        const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
        requests.push({ method, path: url.pathname, body, idempotencyKey });
        const replayKey = idempotencyKey ? `${method} ${url.pathname} ${idempotencyKey}` : null;
        if (replayKey && idempotent.has(replayKey)) {
          const saved = idempotent.get(replayKey)!;
          res.writeHead(saved.status, { "content-type": "application/json", "idempotent-replayed": "true" });
          res.end(saved.body);
          return;
        }
        // Capture what we send so an idempotent replay returns the same bytes (errors included).
        const end = res.end.bind(res);
        res.end = ((chunk?: unknown) => {
          if (replayKey && typeof chunk === "string") idempotent.set(replayKey, { status: res.statusCode, body: chunk });
          return end(chunk as string);
        }) as typeof res.end;
        try {
          const result = await route(method, url.pathname, body, query, res);
          if (!result) {
            stripeError(res, 404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${url.pathname})` });
            return;
          }
          if (result.status === -1) return;
          res.writeHead(result.status, { "content-type": "application/json", "request-id": rid("req") });
          res.end(JSON.stringify(result.json));
        } catch (error) {
          stripeError(res, 500, { type: "api_error", message: error instanceof Error ? error.message : String(error) });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    secretKey: options.secretKey,
    requests,
    sessions,
    paymentIntents,
    charges,
    refunds,
    disputes,
    customers,
    paymentMethods,
    declines,
    completeCheckout(sessionId, override = {}) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const customerId = (session.customer as string | null) ?? newCustomer(session.customer_email).id;
      const pm = newCard(customerId);
      const pid = (session.payment_intent_data ?? {}) as Obj;
      const amount = override.amount ?? (session.amount_total as number);
      const pi = newPaymentIntent({
        amount,
        amount_received: amount,
        currency: override.currency ?? session.currency,
        status: "succeeded",
        metadata: pid.metadata ?? {},
        description: pid.description ?? null,
        setup_future_usage: pid.setup_future_usage ?? null,
        customer: customerId,
        payment_method: pm.id,
      });
      pi.latest_charge = newCharge(pi).id;
      Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: pi.id, customer: customerId, amount_total: amount });
      return {
        session: publicSession(session) as StripeObject,
        paymentIntent: structuredClone(pi) as StripeObject,
        charge: structuredClone(charges.get(pi.latest_charge as string)!) as StripeObject,
        paymentMethod: structuredClone(pm),
      };
    },
    succeededPaymentIntent(fields) {
      const pi = newPaymentIntent({ status: "succeeded", amount_received: fields.amount, ...fields });
      pi.latest_charge = newCharge(pi).id;
      return structuredClone(pi) as StripeObject;
    },
    failedPaymentIntent(invoiceId, amount, currency) {
      const pi = newPaymentIntent({
        amount,
        currency,
        status: "requires_payment_method",
        metadata: { invoiceId },
        last_payment_error: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds.", type: "card_error" },
      });
      return structuredClone(pi) as StripeObject;
    },
    refundAtStripe(paymentIntentId, amount) {
      const pi = paymentIntents.get(paymentIntentId)!;
      const charge = charges.get(pi.latest_charge as string)!;
      refundOf(pi, amount ?? (charge.amount as number) - (charge.amount_refunded as number));
      return structuredClone(charge) as StripeObject;
    },
    dispute(paymentIntentId, reason = "fraudulent") {
      const pi = paymentIntents.get(paymentIntentId)!;
      const dispute = {
        id: rid("dp"),
        object: "dispute",
        amount: pi.amount_received,
        currency: pi.currency,
        charge: pi.latest_charge,
        payment_intent: pi.id,
        reason,
        status: "needs_response",
        evidence_details: { due_by: now() + 7 * 86_400 },
        created: now(),
      };
      disputes.set(dispute.id, dispute);
      return structuredClone(dispute);
    },
    event(type, object) {
      return {
        id: rid("evt"),
        object: "event",
        api_version: "2026-10-28.endive",
        created: now(),
        type,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object: structuredClone(object) },
      };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
