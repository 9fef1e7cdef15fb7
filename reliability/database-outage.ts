/**
 * 2. A database that goes away for a while.
 *
 * Another libSQL connection takes the billing database's write lock (a transaction it keeps open, as a stuck
 * process or a long migration would) for `outageMs`. Meanwhile the production server gets signed Stripe events
 * (which must write) and health checks. Then the lock is released and the same events are delivered again.
 *
 * Checked: during the outage, requests that need the database answer 503 (never 500, never 200 for an event that
 * was not stored) and /api/health answers 503 naming the billing database; nothing is half-written (every table
 * of every database is unchanged); afterwards health is 200 again, every event gets its 200 and each invoice is
 * paid exactly once.
 */
import { createClient } from "@libsql/client";
import path from "node:path";
import {
  type AppProcess,
  appEnv,
  check,
  createCustomers,
  checksumDifferences,
  deliverStripeEvent,
  log,
  pool,
  PORTS,
  query,
  seededDataDir,
  startApp,
  stripeEnv,
  STRIPE_SECRET_KEY,
  tableChecksums,
} from "./support/harness";

const NAME = "outage";
/** Tables that change on their own while the server runs (the scheduler's bookkeeping), or per request. */
const VOLATILE = { ignoreTables: ["rate_limits", "jobs", "job_effects", "schedule_runs", "__drizzle_migrations", "__health_probe"] };

export async function databaseOutage(options: { outageMs: number; invoices?: number }): Promise<void> {
  const dir = await seededDataDir(NAME);
  const { startFakeStripe } = await import("@/lib/payments/testing/stripe-server");
  const { placeOrder } = await import("@/lib/billing/checkout");
  const fake = await startFakeStripe({ secretKey: STRIPE_SECRET_KEY, port: PORTS.stripe });
  let app: AppProcess | undefined;
  const locker = createClient({ url: `file:${path.join(dir, "billing.db")}` });
  try {
    const events: string[] = [];
    const count = options.invoices ?? 20;
    const customers = await createCustomers(count, "outage");
    for (let i = 0; i < count; i++) {
      const placed = await placeOrder(
        customers[i]!,
        { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "US" },
        { idempotencyKey: `outage-order-${i}`, profile: { email: `outage-${i}@reliability.test` } },
      );
      const pi = fake.succeededPaymentIntent({ amount: placed.invoice.total, currency: "usd", metadata: { invoiceId: placed.invoice.id } });
      events.push(JSON.stringify(fake.event("payment_intent.succeeded", pi)));
    }

    // A short busy timeout, so each request gives up after 1 s instead of the default 5 s.
    app = await startApp(PORTS.outage, appEnv(dir, PORTS.outage, { ...stripeEnv(fake.url), DATABASE_BUSY_TIMEOUT_MS: "1000" }));
    const before = await fetch(`${app.url}/api/health`);
    check(NAME, "health before the outage", before.status === 200, `HTTP ${before.status}`);
    const snapshot = await tableChecksums(dir, VOLATILE);

    /* The outage: a transaction of another connection holds the write lock. */
    const tx = await locker.transaction("write");
    const started = Date.now();
    const statuses = new Map<string, number>();
    const bump = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
    let healthDuring = { status: 0, failing: [] as string[] };
    let i = 0;
    while (Date.now() - started < options.outageMs) {
      const payload = events[i++ % events.length]!;
      const [answer, health] = await Promise.all([
        deliverStripeEvent(app.url, payload),
        i % 4 === 1 ? fetch(`${app.url}/api/health`).then(async (r) => ({ status: r.status, failing: ((await r.json()) as { failing?: string[] }).failing ?? [] })) : null,
      ]);
      bump(answer ? String(answer.status) : "no answer");
      if (health) healthDuring = health;
    }
    const outageAnswers = Object.fromEntries(statuses);
    const all503 = [...statuses.keys()].every((k) => k === "503");
    check(NAME, "events during the outage answer 503 (gateway retries later)", all503 && (statuses.get("503") ?? 0) > 0, `${JSON.stringify(outageAnswers)} over ${((Date.now() - started) / 1000).toFixed(1)} s`);
    check(NAME, "/api/health reports the locked database", healthDuring.status === 503 && healthDuring.failing.includes("billing"), `HTTP ${healthDuring.status}, failing ${JSON.stringify(healthDuring.failing)}`);
    await tx.rollback();
    tx.close();

    const diff = checksumDifferences(snapshot, await tableChecksums(dir, VOLATILE));
    const eventRows = await query<{ n: number }>(dir, "billing", "select count(*) as n from gateway_events");
    check(NAME, "nothing half-written during the outage", diff.length === 0 && eventRows[0]!.n === 0, diff.length ? diff.join("; ") : `all tables unchanged, ${eventRows[0]!.n} events stored`);

    /* Recovery: the same requests succeed. */
    const recoveredAt = Date.now();
    const after = await fetch(`${app.url}/api/health`);
    check(NAME, "health after the outage", after.status === 200, `HTTP ${after.status} ${Date.now() - recoveredAt} ms after the lock was released`);
    const again = new Map<string, number>();
    await pool(events, 4, async (payload) => {
      const answer = await deliverStripeEvent(app!.url, payload);
      const k = answer ? String(answer.status) : "no answer";
      again.set(k, (again.get(k) ?? 0) + 1);
      if (answer?.status !== 200) log(NAME, `after the outage: HTTP ${answer?.status} ${answer?.body.slice(0, 300)}`);
    });
    check(NAME, "the same events succeed afterwards", again.get("200") === events.length, JSON.stringify(Object.fromEntries(again)));
    const paid = await query<{ n: number; payments: number }>(
      dir,
      "billing",
      "select count(*) as n, (select count(*) from payments) as payments from invoices where kind = 'order' and status = 'paid'",
    );
    check(NAME, "each invoice paid exactly once after recovery", paid[0]!.n === count && paid[0]!.payments === count, `${paid[0]!.n}/${count} paid, ${paid[0]!.payments} payments`);
    const output = app.output();
    if (again.get("200") !== events.length) log(NAME, `server log:\n${output.slice(-6000)}`);
    const unhandled = (output.match(/⨯|Unhandled|uncaught/gi) ?? []).length;
    check(NAME, "no unhandled errors in the server log", unhandled === 0, unhandled ? output.split("\n").filter((l) => /⨯|Unhandled|uncaught/i.test(l)).slice(0, 2).join(" | ").slice(0, 200) : "none");
  } finally {
    locker.close();
    await app?.kill9();
    await fake.close();
  }
}
