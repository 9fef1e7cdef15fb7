/**
 * The data and sessions bench:pages measures with (also used to profile one page by hand): the demo seed plus
 * `customers` customers with `invoices` invoices between them and a VPN service each; `users` of them and `users`
 * staff members (2FA on) get a session. Sessions are opened through lib/auth (a `user_sessions` row) and sealed into
 * the Auth.js cookie with the server's secret, so every request goes through the real session validation, guards
 * and queries. Call after prepareDatabases() (the environment must point at the temp folder).
 */
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";

export interface PagesFixture {
  customerCookies: string[];
  staffCookies: string[];
  seededMs: number;
}

export async function seedPagesFixture(options: { customers: number; invoices: number; users: number; authSecret: string }): Promise<PagesFixture> {
  const { customers: CUSTOMERS, invoices: INVOICES, users: USERS } = options;
  const { billingDb } = await import("@/db/billing/client");
  const { identityDb } = await import("@/db/identity/client");
  const { openUserSession } = await import("@/lib/auth/sessions");
  const { closeAllDatabases } = await import("@/db/connection");

  const t0 = performance.now();
  const DAY = 86_400_000;
  const base = Date.now() - 400 * DAY;
  const identity = identityDb();
  const billing = billingDb();
  await identity.run(sql.raw(`
  with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${CUSTOMERS - 1})
  insert into users (id, email, name, email_verified, role, status, created_at, updated_at)
  select printf('bench-cust-%06d', i), printf('customer%06d@bench.test', i), printf('Customer %d', i), ${base}, 'customer', 'active', ${base} + i * 1000, ${base} + i * 1000
  from seq`));
  await identity.run(sql.raw(`
  with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${USERS - 1})
  insert into users (id, email, name, email_verified, role, status, two_factor_enabled, created_at, updated_at)
  select printf('bench-staff-%02d', i), printf('staff%02d@bench.test', i), printf('Staff %d', i), ${base}, 'admin', 'active', 1, ${base}, ${base}
  from seq`));
  const [vpnPrice] = (await billing.all(sql.raw(`select p.id as product_id, pr.id as price_id, pr.amount as amount from products p join prices pr on pr.product_id = p.id where p.type = 'vpn' and pr.cycle = 'monthly' and pr.currency = 'USD' limit 1`))) as Array<{ product_id: string; price_id: string; amount: number }>;
  if (!vpnPrice) throw new Error("the seed has no monthly USD VPN price");
  await billing.run(sql.raw(`
  with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${CUSTOMERS - 1})
  insert into services (id, customer_id, product_id, price_id, cycle, currency, amount, status, provisioning_status, label, config, next_due_at, current_period_start, current_period_end, created_at, updated_at)
  select printf('bench-svc-%06d', i), printf('bench-cust-%06d', i), '${vpnPrice.product_id}', '${vpnPrice.price_id}', 'monthly', 'USD', ${vpnPrice.amount}, 'active', 'succeeded', 'VPN', '{}',
    ${Date.now()} + (i % 30) * ${DAY}, ${Date.now()} - 30 * ${DAY}, ${Date.now()} + (i % 30) * ${DAY}, ${base}, ${base}
  from seq`));
  const statuses = ["paid", "paid", "paid", "paid", "unpaid", "overdue", "cancelled", "refunded"];
  for (let start = 0; start < INVOICES; start += 50_000) {
    const n = Math.min(50_000, INVOICES - start);
    await billing.run(sql.raw(`
    with recursive seq(i) as (select ${start} union all select i + 1 from seq where i < ${start + n - 1})
    insert into invoices (id, number, customer_id, kind, status, currency, subtotal, discount, tax, total, amount_paid, amount_refunded,
      tax_inclusive, reverse_charge, issued_at, due_at, paid_at, created_at, updated_at)
    select printf('bench-inv-%08d', i), printf('INV-2025-%06d', i + 1), printf('bench-cust-%06d', i % ${CUSTOMERS}), 'renewal',
      case i % 8 ${statuses.map((s, k) => `when ${k} then '${s}'`).join(" ")} end, 'USD', 899, 0, 0, 899,
      case when i % 8 < 4 then 899 else 0 end, 0, 0, 0,
      ${base} + i * 60000, ${base} + i * 60000 + 7 * ${DAY}, case when i % 8 < 4 then ${base} + i * 60000 else null end, ${base} + i * 60000, ${base} + i * 60000
    from seq`));
  }
  await billing.run(sql`analyze`);
  await identity.run(sql`analyze`);
  const seededMs = performance.now() - t0;

  const ctx = { ip: "127.0.0.1", userAgent: "skyport-bench" };
  async function cookieFor(userId: string): Promise<string> {
    const { sessionId } = await openUserSession(userId, ctx);
    // Auth.js seals the JWT with a key derived from the secret and the cookie name (http: no __Secure- prefix).
    const name = "authjs.session-token";
    const token = await encode({ token: { uid: userId, sid: sessionId, sv: 0, sub: userId }, secret: options.authSecret, salt: name });
    return `${name}=${token}`;
  }
  const customerCookies = await Promise.all(Array.from({ length: USERS }, (_, i) => cookieFor(`bench-cust-${String((i * 997) % CUSTOMERS).padStart(6, "0")}`)));
  const staffCookies = await Promise.all(Array.from({ length: USERS }, (_, i) => cookieFor(`bench-staff-${String(i).padStart(2, "0")}`)));
  closeAllDatabases();
  return { customerCookies, staffCookies, seededMs };
}
