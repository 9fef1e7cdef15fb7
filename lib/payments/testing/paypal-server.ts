/**
 * A local stand-in for the PayPal REST API (OAuth token, Orders v2, captures, refunds) and a webhook signer with
 * its own RSA key pair and self-signed certificate (made with the `openssl` CLI), so tests exercise the real SDK
 * and the real verification path.
 */
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";

type Obj = Record<string, unknown>;
export type PayPalObject = Obj & { id: string };

const pid = (prefix: string) => `${prefix}${randomBytes(8).toString("hex").toUpperCase()}`;

export interface PayPalSigner {
  certPem: string;
  certUrl: string;
  /** Headers PayPal would send with `rawBody` for `webhookId`. */
  headers(rawBody: string, webhookId: string, options?: { transmissionTime?: string; certUrl?: string }): Record<string, string>;
}

/** A key pair and a self-signed certificate, as PayPal's message-verification certificate stands in. */
export function createPayPalSigner(options: { days?: number } = {}): PayPalSigner {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paypal-cert-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", String(options.days ?? 2), "-nodes", "-subj", "/CN=messageverificationcerts.sandbox.paypal.com"],
      { stdio: "ignore" },
    );
    const keyPem = readFileSync(path.join(dir, "key.pem"), "utf8");
    const certPem = readFileSync(path.join(dir, "cert.pem"), "utf8");
    const certUrl = `https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-${randomBytes(4).toString("hex")}`;
    return {
      certPem,
      certUrl,
      headers(rawBody, webhookId, opts = {}) {
        const transmissionId = randomUUID();
        const transmissionTime = opts.transmissionTime ?? new Date().toISOString();
        const message = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(rawBody, "utf8")) >>> 0}`;
        return {
          "paypal-transmission-id": transmissionId,
          "paypal-transmission-time": transmissionTime,
          "paypal-transmission-sig": sign("sha256", Buffer.from(message, "utf8"), keyPem).toString("base64"),
          "paypal-cert-url": opts.certUrl ?? certUrl,
          "paypal-auth-algo": "SHA256withRSA",
        };
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FakePayPal {
  url: string;
  requests: Array<{ method: string; path: string; body: unknown; requestId: string | null }>;
  orders: Map<string, Obj>;
  captures: Map<string, Obj>;
  refunds: Map<string, Obj>;
  /** The payer approves the order at PayPal (what the redirect would lead to). */
  approve(orderId: string): void;
  /** Makes the next capture of this order complete with another amount/currency, or be declined. */
  captureOverride: Map<string, { value?: string; currencyCode?: string; status?: "COMPLETED" | "DECLINED" }>;
  refundAtPayPal(captureId: string, value?: string): PayPalObject;
  event(eventType: string, resource: Obj): PayPalObject;
  close(): Promise<void>;
}

export async function startFakePayPal(options: { clientId: string; clientSecret: string }): Promise<FakePayPal> {
  const orders = new Map<string, Obj>();
  const captures = new Map<string, Obj>();
  const refunds = new Map<string, Obj>();
  const captureOverride: FakePayPal["captureOverride"] = new Map();
  const requests: FakePayPal["requests"] = [];
  const replays = new Map<string, { status: number; body: string }>();
  const token = `A21AA${randomBytes(16).toString("hex")}`;
  let base = "";

  const link = (href: string, rel: string, method = "GET") => ({ href, rel, method });
  const now = () => new Date().toISOString();

  function captureOrder(order: Obj): { status: number; json: unknown } {
    if (order.status !== "APPROVED") {
      return { status: 422, json: { name: "UNPROCESSABLE_ENTITY", message: "The requested action could not be performed.", details: [{ issue: order.status === "COMPLETED" ? "ORDER_ALREADY_CAPTURED" : "ORDER_NOT_APPROVED" }] } };
    }
    const unit = (order.purchase_units as Obj[])[0]!;
    const override = captureOverride.get(order.id as string) ?? {};
    const amount = { ...(unit.amount as Obj), ...(override.value ? { value: override.value } : {}), ...(override.currencyCode ? { currency_code: override.currencyCode } : {}) };
    const id = pid("CAP");
    const capture: Obj = {
      id,
      status: override.status ?? "COMPLETED",
      ...(override.status === "DECLINED" ? { status_details: { reason: "DECLINED_BY_RISK_FRAUD_FILTERS" } } : {}),
      amount,
      custom_id: unit.custom_id,
      invoice_id: unit.invoice_id,
      final_capture: true,
      supplementary_data: { related_ids: { order_id: order.id } },
      links: [link(`${base}/v2/payments/captures/${id}`, "self"), link(`${base}/v2/payments/captures/${id}/refund`, "refund", "POST"), link(`${base}/v2/checkout/orders/${order.id}`, "up")],
      create_time: now(),
      update_time: now(),
    };
    captures.set(id, capture);
    unit.payments = { captures: [structuredClone(capture)] };
    order.status = "COMPLETED";
    return { status: 201, json: structuredClone(order) };
  }

  function refundCapture(capture: Obj, value: string | undefined, customId: unknown): Obj {
    const amount = value ? { currency_code: (capture.amount as Obj).currency_code, value } : structuredClone(capture.amount);
    const id = pid("REF");
    const refund: Obj = {
      id,
      status: "COMPLETED",
      amount,
      custom_id: customId ?? undefined,
      links: [link(`${base}/v2/payments/refunds/${id}`, "self"), link(`${base}/v2/payments/captures/${capture.id}`, "up")],
      create_time: now(),
      update_time: now(),
    };
    refunds.set(id, refund);
    const refunded = [...refunds.values()].filter((r) => (r.links as Obj[]).some((l) => String(l.href).endsWith(`/captures/${capture.id}`)));
    const total = refunded.reduce((a, r) => a + Math.round(Number((r.amount as Obj).value) * 100), 0);
    capture.status = total >= Math.round(Number((capture.amount as Obj).value) * 100) ? "REFUNDED" : "PARTIALLY_REFUNDED";
    return refund;
  }

  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const method = req.method ?? "GET";
      const send = (status: number, json: unknown) => {
        const body = JSON.stringify(json);
        if (replayKey) replays.set(replayKey, { status, body });
        res.writeHead(status, { "content-type": "application/json", "paypal-debug-id": randomBytes(6).toString("hex") });
        res.end(body);
      };
      const requestId = (req.headers["paypal-request-id"] as string | undefined) ?? null;
      const replayKey = requestId && method === "POST" ? `${url.pathname}|${requestId}` : null;
      let body: unknown = raw;
      if ((req.headers["content-type"] ?? "").includes("json") && raw) body = JSON.parse(raw);
      requests.push({ method, path: url.pathname, body, requestId });

      if (method === "POST" && url.pathname === "/v1/oauth2/token") {
        const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`;
        if (req.headers.authorization !== expected) return send(401, { error: "invalid_client", error_description: "Client Authentication failed" });
        return send(200, { scope: "https://uri.paypal.com/services/payments/payment", access_token: token, token_type: "Bearer", app_id: "APP-80W284485P519543T", expires_in: 32400, nonce: randomUUID() });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { name: "AUTHENTICATION_FAILURE", message: "Authentication failed due to invalid authentication credentials or a missing Authorization header." });
      if (replayKey && replays.has(replayKey)) {
        const saved = replays.get(replayKey)!;
        res.writeHead(saved.status, { "content-type": "application/json" });
        res.end(saved.body);
        return;
      }
      let m: RegExpExecArray | null;
      if (method === "POST" && url.pathname === "/v2/checkout/orders") {
        const request = body as Obj;
        const id = pid("ORD");
        const order: Obj = {
          id,
          intent: request.intent,
          status: "CREATED",
          purchase_units: structuredClone(request.purchase_units),
          application_context_requested: request.application_context,
          create_time: now(),
          links: [link(`${base}/v2/checkout/orders/${id}`, "self"), link(`${base}/checkoutnow?token=${id}`, "approve"), link(`${base}/v2/checkout/orders/${id}/capture`, "capture", "POST")],
        };
        orders.set(id, order);
        const { application_context_requested: _ac, ...visible } = order;
        return send(201, visible);
      }
      if (method === "GET" && (m = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(url.pathname))) {
        const order = orders.get(m[1]!);
        if (!order) return send(404, { name: "RESOURCE_NOT_FOUND", message: "The specified resource does not exist." });
        const { application_context_requested: _ac, ...visible } = order;
        return send(200, visible);
      }
      if (method === "POST" && (m = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(url.pathname))) {
        const order = orders.get(m[1]!);
        if (!order) return send(404, { name: "RESOURCE_NOT_FOUND", message: "The specified resource does not exist." });
        const result = captureOrder(order);
        if (result.status === 201) {
          const { application_context_requested: _ac, ...visible } = result.json as Obj;
          return send(201, visible);
        }
        return send(result.status, result.json);
      }
      if (method === "GET" && (m = /^\/v2\/payments\/captures\/([^/]+)$/.exec(url.pathname))) {
        const capture = captures.get(m[1]!);
        return capture ? send(200, capture) : send(404, { name: "RESOURCE_NOT_FOUND", message: "The specified resource does not exist." });
      }
      if (method === "POST" && (m = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(url.pathname))) {
        const capture = captures.get(m[1]!);
        if (!capture) return send(404, { name: "RESOURCE_NOT_FOUND", message: "The specified resource does not exist." });
        const request = (body || {}) as Obj;
        return send(201, refundCapture(capture, (request.amount as Obj | undefined)?.value as string | undefined, request.custom_id));
      }
      if (method === "GET" && (m = /^\/v2\/payments\/refunds\/([^/]+)$/.exec(url.pathname))) {
        const refund = refunds.get(m[1]!);
        return refund ? send(200, refund) : send(404, { name: "RESOURCE_NOT_FOUND", message: "The specified resource does not exist." });
      }
      return send(404, { name: "RESOURCE_NOT_FOUND", message: `No route ${method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    requests,
    orders,
    captures,
    refunds,
    captureOverride,
    approve(orderId) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      order.status = "APPROVED";
      order.payer = { payer_id: pid("PAYER"), email_address: "buyer@example.test" };
    },
    refundAtPayPal(captureId, value) {
      return structuredClone(refundCapture(captures.get(captureId)!, value, undefined)) as PayPalObject;
    },
    event(eventType, resource) {
      return {
        id: `WH-${randomBytes(10).toString("hex").toUpperCase()}`,
        event_version: "1.0",
        create_time: now(),
        resource_type: eventType.includes("REFUNDED") ? "refund" : "capture",
        resource_version: "2.0",
        event_type: eventType,
        summary: eventType,
        resource: structuredClone(resource),
        links: [],
      };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
