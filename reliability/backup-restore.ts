/**
 * 3. Backup while the app writes, restore into a fresh folder, start on it.
 *
 * The production server ingests signed payment events (each one: a payment, the invoice marked paid, an activation
 * job, the event row, in one transaction) while this process places new orders (order, service, invoice, items)
 * through another connection. Meanwhile `npm run db:backup` (scripts/db-backup.ts, the real CLI) snapshots the
 * eight databases. Then `npm run db:restore` puts the backup into an empty folder, `npm run db:migrate` runs on it
 * and `next start` serves from it.
 *
 * Checked: the backup is not torn (integrity_check, and the cross-table invariants of every transaction above hold
 * in the copy: paid ⇔ payment ⇔ processed event ⇔ activation job, order ⇔ invoice ⇔ service); its row counts lie
 * between the counts before and after the backup ran; the restored folder has exactly the backup's data (every table's
 * checksum), migrations are up to date and the app starts on it with a healthy /api/health.
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
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
  tempFolder,
} from "./support/harness";

const NAME = "backup";

/** Runs one of the package's npm scripts (through tsx, as `npm run` does) with DATA_DIR set; resolves with its output. */
function runScript(script: string, args: string[], dataDir: string): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", script, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", DATA_DIR: dataDir, NODE_ENV: "production" } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

async function counts(dir: string) {
  const [row] = await query<{ invoices: number; payments: number; events: number; orders: number }>(
    dir,
    "billing",
    "select (select count(*) from invoices) as invoices, (select count(*) from payments) as payments, (select count(*) from gateway_events) as events, (select count(*) from orders) as orders",
  );
  return row!;
}

/** Invariants every committed transaction of the writers keeps; a torn copy breaks at least one. */
async function invariantViolations(dir: string): Promise<string[]> {
  const out: string[] = [];
  const checks: Array<[string, string]> = [
    ["paid invoice without exactly one payment", "select count(*) as n from invoices i where i.kind = 'order' and i.status = 'paid' and (select count(*) from payments p where p.invoice_id = i.id) <> 1"],
    ["payment whose invoice is not paid", "select count(*) as n from payments p join invoices i on i.id = p.invoice_id where i.status <> 'paid'"],
    ["paid invoice without its activation job", "select count(*) as n from invoices i where i.status = 'paid' and not exists (select 1 from jobs j where j.unique_key = 'invoice-paid:' || i.id)"],
    ["processed event whose payment is missing", "select count(*) as n from gateway_events e where e.status = 'processed' and e.payment_id is not null and not exists (select 1 from payments p where p.id = e.payment_id)"],
    ["order without its invoice", "select count(*) as n from orders o where not exists (select 1 from invoices i where i.order_id = o.id)"],
    ["order without its service", "select count(*) as n from orders o where not exists (select 1 from services s where s.order_id = o.id)"],
    ["invoice without items", "select count(*) as n from invoices i where not exists (select 1 from invoice_items t where t.invoice_id = i.id)"],
  ];
  for (const [what, sql] of checks) {
    const [row] = await query<{ n: number }>(dir, "billing", sql);
    if (row!.n) out.push(`${row!.n} ${what}`);
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".db"))) {
    const [row] = await query<{ integrity_check: string }>(dir, file.replace(/\.db$/, ""), "pragma integrity_check");
    if (row?.integrity_check !== "ok") out.push(`${file}: integrity_check ${row?.integrity_check}`);
  }
  return out;
}

export async function backupWhileWriting(options: { writers: number; rounds: number; events?: number }): Promise<void> {
  const dir = await seededDataDir(NAME);
  const { startFakeStripe } = await import("@/lib/payments/testing/stripe-server");
  const { placeOrder } = await import("@/lib/billing/checkout");
  const fake = await startFakeStripe({ secretKey: STRIPE_SECRET_KEY, port: PORTS.stripe });
  let app: AppProcess | undefined;
  let restoredApp: AppProcess | undefined;
  try {
    const eventCount = options.events ?? 400;
    const events: string[] = [];
    const customers = await createCustomers(51, "backup");
    for (let i = 0; i < eventCount; i++) {
      const placed = await placeOrder(
        customers[i % 50]!,
        { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "US" },
        { idempotencyKey: `backup-order-${i}`, profile: { email: `backup-${i % 50}@reliability.test` } },
      );
      const pi = fake.succeededPaymentIntent({ amount: placed.invoice.total, currency: "usd", metadata: { invoiceId: placed.invoice.id } });
      events.push(JSON.stringify(fake.event("payment_intent.succeeded", pi)));
    }
    log(NAME, `${eventCount} orders placed, their payments waiting at the Stripe stand-in`);
    app = await startApp(PORTS.app, appEnv(dir, PORTS.app, stripeEnv(fake.url)));

    const backups = tempFolder("backups");
    for (let round = 0; round < options.rounds; round++) {
      /* Writers: the server ingesting events, this process placing orders. */
      let writing = true;
      let delivered = 0;
      let ordered = 0;
      let failedDeliveries = 0;
      const slice = events.slice(Math.floor((round * events.length) / options.rounds), Math.floor(((round + 1) * events.length) / options.rounds));
      const ingest = pool(slice, options.writers, async (payload) => {
        const answer = await deliverStripeEvent(app!.url, payload);
        if (answer?.status === 200) delivered++;
        else if (failedDeliveries++ < 3) log(NAME, `delivery answered ${answer?.status ?? "nothing"}: ${answer?.body.slice(0, 300)}`);
      });
      const orderWriter = (async () => {
        while (writing) {
          await placeOrder(
            customers[50]!,
            { currency: "USD", items: [{ productSlug: "vpn-personal", cycle: "monthly", quantity: 1 }], billingCountry: "US" },
            { idempotencyKey: `backup-writer-${round}-${ordered}` },
          );
          ordered++;
          // A second writer, not a flood: back-to-back transactions from another process would starve the server.
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      const waitUntil = Date.now() + 60_000;
      while (delivered < slice.length / 4 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
      const low = await counts(dir);
      const backup = await runScript("scripts/db-backup.ts", [backups], dir);
      const high = await counts(dir);
      await ingest;
      writing = false;
      await orderWriter;
      const folder = /Backup written to (.+)$/m.exec(backup.output)?.[1]?.trim();
      if (!check(NAME, `db:backup exits 0 while writes run (round ${round + 1})`, backup.code === 0 && !!folder, `${backup.ms} ms; ${delivered} events and ${ordered} orders written meanwhile`)) {
        log(NAME, backup.output.slice(-1500));
        continue;
      }
      const copied = await counts(folder!);
      const between = (k: keyof typeof low) => copied[k] >= low[k] && copied[k] <= high[k];
      check(
        NAME,
        "backup is a point in time between start and end of the run",
        between("invoices") && between("payments") && between("events") && between("orders"),
        `payments ${low.payments} ≤ ${copied.payments} ≤ ${high.payments}; orders ${low.orders} ≤ ${copied.orders} ≤ ${high.orders}`,
      );
      const torn = await invariantViolations(folder!);
      check(NAME, "backup not torn (integrity_check + cross-table invariants)", torn.length === 0, torn.length ? torn.join("; ") : "8 databases ok, 7 invariants hold");

      /* Restore into an empty folder, migrate, start. */
      const fresh = tempFolder("restored");
      const restore = await runScript("scripts/db-restore.ts", [folder!], fresh);
      const migrate = await runScript("scripts/db-migrate.ts", [], fresh);
      check(NAME, "db:restore then db:migrate into a fresh folder", restore.code === 0 && migrate.code === 0, `restore exit ${restore.code} (${restore.ms} ms), migrate exit ${migrate.code}`);
      if (restore.code !== 0 || migrate.code !== 0) {
        log(NAME, restore.output.slice(-800) + migrate.output.slice(-800));
        continue;
      }
      const fromBackup = await tableChecksums(folder!);
      const restored = await tableChecksums(fresh);
      const diff = checksumDifferences(fromBackup, restored);
      check(NAME, "restored data = backup data (every table's checksum)", diff.length === 0, diff.length ? diff.slice(0, 4).join("; ") : `${restored.size} tables, ${[...restored.values()].reduce((s, t) => s + t.rows, 0)} rows identical`);
      restoredApp = await startApp(PORTS.restored, appEnv(fresh, PORTS.restored, stripeEnv(fake.url)));
      const health = await fetch(`${restoredApp.url}/api/health`);
      const body = (await health.json()) as { databases?: Array<{ name: string; migrations: { upToDate: boolean } }> };
      const upToDate = body.databases?.filter((d) => d.migrations.upToDate).length ?? 0;
      check(NAME, "the app starts on the restored folder, healthy", health.status === 200 && upToDate === 8, `HTTP ${health.status}, ${upToDate}/8 databases up to date`);
      // The restored app serves the restored data: the events it already has are duplicates to it.
      const [known] = await query<{ event_id: string }>(folder!, "billing", "select event_id from gateway_events where status = 'processed' limit 1");
      const payload = events.find((e) => (JSON.parse(e) as { id: string }).id === known?.event_id);
      const replay = payload ? await deliverStripeEvent(restoredApp.url, payload) : null;
      check(NAME, "restored app knows the events of the backup", replay?.status === 200 && /"duplicate":true/.test(replay.body), `HTTP ${replay?.status} ${replay?.body.slice(0, 80)}`);
      await restoredApp.stop();
      restoredApp = undefined;
    }
  } finally {
    await restoredApp?.kill9();
    await app?.kill9();
    await fake.close();
  }
}
