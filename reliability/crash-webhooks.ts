/**
 * 1. A power cut during webhook ingest.
 *
 * Customers place orders (lib/billing/checkout.ts placeOrder: order, pending service, unpaid invoice) and pay them
 * through Stripe Checkout at the Stripe stand-in, which then holds the two events Stripe sends per payment
 * (checkout.session.completed and payment_intent.succeeded). All events are delivered, signed, shuffled, 8 in
 * flight, to the production server; partway through it is killed with SIGKILL. It is started again on the same
 * files and every event is delivered again (gateways retry whatever got no 2xx; we also replay those that did),
 * then once more for those that still got no 200. Finally one worker run drains the outbox.
 *
 * Checked: every event answered 200 is stored exactly once and finished; every invoice is paid exactly once (one
 * payment), has one activation job and one fulfilment effect, its service is active with one provisioning job;
 * nothing is left in any outbox.
 */
import Stripe from "stripe";
import { AppProcess, appEnv, check, createCustomers, deliverStripeEvent, log, pool, PORTS, query, seededDataDir, shuffle, startApp, stripeEnv, STRIPE_SECRET_KEY } from "./support/harness";

const NAME = "crash";

export async function crashDuringWebhooks(options: { orders: number; kills: number }): Promise<void> {
  const dir = await seededDataDir(NAME);
  const { startFakeStripe } = await import("@/lib/payments/testing/stripe-server");
  const { placeOrder } = await import("@/lib/billing/checkout");
  const fake = await startFakeStripe({ secretKey: STRIPE_SECRET_KEY, port: PORTS.stripe });
  let app: AppProcess | undefined;
  try {
    /* Orders and their checkout sessions, paid at the stand-in. */
    const t0 = performance.now();
    const now = new Date();
    const invoices: Array<{ id: string; total: number }> = [];
    const customers = await createCustomers(options.orders, "crash");
    await pool(
      Array.from({ length: options.orders }, (_, i) => i),
      4,
      async (i) => {
        const placed = await placeOrder(
          customers[i]!,
          { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "US" },
          { idempotencyKey: `reliability-order-${i}`, now, profile: { email: `crash-${i}@reliability.test`, name: `Customer ${i}` } },
        );
        invoices.push({ id: placed.invoice.id, total: placed.invoice.total });
      },
    );
    const stripe = new Stripe(STRIPE_SECRET_KEY, { host: "127.0.0.1", port: PORTS.stripe, protocol: "http", maxNetworkRetries: 0 });
    const events: Array<{ id: string; payload: string; invoiceId: string }> = [];
    for (const invoice of invoices) {
      const session = await stripe.checkout.sessions.create({
        mode: "payment",
        client_reference_id: invoice.id,
        metadata: { invoiceId: invoice.id },
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: invoice.total, product_data: { name: "VPN" } } }],
        payment_intent_data: { setup_future_usage: "off_session", metadata: { invoiceId: invoice.id } },
        customer_creation: "always",
        success_url: "http://127.0.0.1/ok",
        cancel_url: "http://127.0.0.1/cancel",
      });
      const paid = fake.completeCheckout(session.id);
      for (const event of [fake.event("checkout.session.completed", paid.session), fake.event("payment_intent.succeeded", paid.paymentIntent)]) {
        events.push({ id: event.id, payload: JSON.stringify(event), invoiceId: invoice.id });
      }
    }
    log(NAME, `${invoices.length} orders placed and paid at the Stripe stand-in (${events.length} events) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const env = appEnv(dir, PORTS.app, stripeEnv(fake.url));
    const got200 = new Set<string>();
    const statuses = new Map<string, number>();
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    const deliver = async (e: { id: string; payload: string }, target: AppProcess) => {
      const answer = await deliverStripeEvent(target.url, e.payload);
      count(answer ? String(answer.status) : "no answer");
      if (answer?.status === 200) got200.add(e.id);
      else if (answer && answer.status >= 500 && answer.status !== 503) log(NAME, `event ${e.id}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    };

    /* Deliveries with SIGKILLs in the middle. */
    let seed = 1;
    for (let k = 0; k < options.kills; k++) {
      app = await startApp(PORTS.app, env);
      const order = shuffle(events, seed++);
      // Kill somewhere in the middle third of this round's deliveries.
      const killAt = Math.floor(order.length * (0.3 + 0.3 * (((seed * 7919) % 100) / 100)));
      let answered = 0;
      let killed = false;
      const running = pool(order, 8, async (e) => {
        await deliver(e, app!);
        answered++;
      }, () => killed);
      while (answered < killAt) await new Promise((r) => setTimeout(r, 5));
      const victim = app;
      killed = true;
      await victim.kill9();
      await running;
      const stuck = await query<{ n: number }>(dir, "billing", "select count(*) as n from gateway_events where status in ('received', 'processing')");
      log(NAME, `kill -9 #${k + 1} after ${answered} answers; ${got200.size} distinct events had a 200; ${stuck[0]!.n} event rows left mid-processing`);
    }

    /* Restart on the same files; the gateway delivers everything again, then retries what still got no 200. */
    app = await startApp(PORTS.app, env);
    await pool(shuffle(events, seed++), 8, (e) => deliver(e, app!));
    const retry = async () => {
      for (let round = 0; round < 3; round++) {
        const missing = events.filter((e) => !got200.has(e.id));
        if (!missing.length) break;
        await new Promise((r) => setTimeout(r, 500));
        await pool(missing, 4, (e) => deliver(e, app!));
      }
    };
    await retry();
    // Events the killed process had claimed but not finished answer 409 ("being processed elsewhere; retry later")
    // until the claim is STALE_AFTER_MS (5 min) old. Rather than wait, the clock of those rows is moved back by that
    // much (what the gateway's next retry would see), and the gateway retries once more.
    const orphaned = events.filter((e) => !got200.has(e.id));
    const orphanRows = await query<{ event_id: string; status: string }>(dir, "billing", "select event_id, status from gateway_events where status in ('received', 'processing')");
    check(
      NAME,
      "unfinished events of the killed process answer 409, not 200",
      orphaned.length === orphanRows.length && orphanRows.every((r) => !got200.has(r.event_id)) && (statuses.get("409") ?? 0) >= orphaned.length,
      `${orphaned.length} events without a 200, ${orphanRows.length} rows left mid-processing, ${statuses.get("409") ?? 0} answers 409`,
    );
    if (orphanRows.length) {
      const { STALE_AFTER_MS } = await import("@/lib/payments/events");
      const { createClient } = await import("@libsql/client");
      const billing = createClient({ url: `file:${dir}/billing.db` });
      await billing.execute({ sql: "update gateway_events set received_at = received_at - ? where status in ('received', 'processing')", args: [STALE_AFTER_MS + 1000] });
      billing.close();
      await retry();
    }
    await app.stop();
    app = undefined;
    log(NAME, `statuses over all deliveries: ${JSON.stringify(Object.fromEntries(statuses))}`);

    /* One worker run drains the outbox (in this process, on the same files). */
    const { createWorker } = await import("@/lib/jobs/worker");
    const worker = createWorker({ schedules: false, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string, f?: unknown) => log(NAME, `worker: ${m} ${JSON.stringify(f ?? {}).slice(0, 300)}`) } });
    let ran = 0;
    for (let pass = 0; pass < 500; pass++) {
      const stats = await worker.runOnce();
      ran += stats.claimed;
      if (stats.claimed === 0) break;
    }
    log(NAME, `worker ran ${ran} jobs`);

    /* Assertions, on the files. */
    const rows = await query<{ event_id: string; n: number; status: string }>(dir, "billing", "select event_id, count(*) as n, max(status) as status from gateway_events where gateway = 'stripe' group by event_id");
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const acked = [...got200];
    const ackedOnce = acked.filter((id) => byId.get(id)?.n === 1 && ["processed", "ignored"].includes(byId.get(id)!.status));
    check(NAME, "events answered 200 are stored exactly once, finished", ackedOnce.length === acked.length && acked.length > 0, `${ackedOnce.length}/${acked.length} (of ${events.length} events)`);
    const never = events.filter((e) => !got200.has(e.id));
    check(NAME, "every event got a 200 in the end (retries)", never.length === 0, `${never.length} without a 200${never.length ? `: ${never.slice(0, 3).map((e) => `${e.id}=${byId.get(e.id)?.status ?? "absent"}`).join(", ")}` : ""}`);

    const inv = await query<{ id: string; status: string; total: number; amount_paid: number; payments: number; paid_jobs: number }>(
      dir,
      "billing",
      `select i.id, i.status, i.total, i.amount_paid,
         (select count(*) from payments p where p.invoice_id = i.id) as payments,
         (select count(*) from jobs j where j.type = 'billing.invoice-paid' and j.unique_key = 'invoice-paid:' || i.id) as paid_jobs
       from invoices i where i.kind = 'order'`,
    );
    const paidOnce = inv.filter((i) => i.status === "paid" && i.payments === 1 && i.amount_paid === i.total);
    check(NAME, "every invoice paid, exactly one payment, amount = total", paidOnce.length === invoices.length, `${paidOnce.length}/${invoices.length}; extra payments: ${inv.reduce((s, i) => s + Math.max(0, i.payments - 1), 0)}`);
    const oneJob = inv.filter((i) => i.paid_jobs === 1);
    check(NAME, "one activation job (billing.invoice-paid) per paid invoice", oneJob.length === invoices.length, `${oneJob.length}/${invoices.length}`);

    const effects = await query<{ n: number }>(dir, "billing", "select count(*) as n from job_effects where key like '%:fulfil'");
    check(NAME, "fulfilment effect applied once per invoice", effects[0]!.n === invoices.length, `${effects[0]!.n} effects for ${invoices.length} invoices`);
    const svc = await query<{ status: string; n: number }>(dir, "billing", "select status, count(*) as n from services group by status");
    const active = svc.find((s) => s.status === "active")?.n ?? 0;
    check(NAME, "every service active", active === invoices.length, JSON.stringify(Object.fromEntries(svc.map((s) => [s.status, s.n]))));
    const provisioning = await query<{ n: number; distinct_keys: number }>(dir, "billing", "select count(*) as n, count(distinct unique_key) as distinct_keys from jobs where type like 'provisioning.%'");
    check(NAME, "one provisioning job per service", provisioning[0]!.n === invoices.length && provisioning[0]!.distinct_keys === invoices.length, `${provisioning[0]!.n} jobs, ${provisioning[0]!.distinct_keys} keys`);

    const ent = await query<{ n: number; services: number }>(dir, "vpn", "select count(*) as n, count(distinct service_id) as services from entitlements");
    check(NAME, "one VPN entitlement per service (provisioned once)", ent[0]!.n === invoices.length && ent[0]!.services === invoices.length, `${ent[0]!.n} entitlements for ${ent[0]!.services} services`);

    const left: string[] = [];
    for (const db of ["identity", "billing", "vpn", "hosting", "cloud", "content", "support", "ops"]) {
      const open = await query<{ status: string; n: number }>(dir, db, "select status, count(*) as n from jobs where status <> 'succeeded' group by status");
      for (const o of open) left.push(`${db}: ${o.n} ${o.status}`);
      const [sample] = await query<{ type: string; last_error: string | null }>(dir, db, "select type, last_error from jobs where status <> 'succeeded' limit 1");
      if (sample) log(NAME, `${db} job ${sample.type} not done: ${String(sample.last_error).slice(0, 600)}`);
    }
    check(NAME, "outbox drained (no queued/running/failed/dead job in any database)", left.length === 0, left.length ? left.join("; ") : `${ran} jobs run, none left`);
  } finally {
    await app?.kill9();
    await fake.close();
  }
}
