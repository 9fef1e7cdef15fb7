/**
 * Every page and route handler the production build serves, enumerated from its app-paths manifest (a route added
 * later is walked without touching this file), requested as the people who must NOT get in:
 *   - anonymous visitors: every /portal and /admin page sends them to sign-in (also with a forged session cookie
 *     that gets past the optimistic proxy redirect); no API route answers 2xx unless it is declared public below;
 *   - another customer: every dynamic /portal route, filled with each id customer A owns in any database, answers
 *     B with no 2xx and never shows A's data (A gets 200 on the same URLs: the ids are real);
 *   - a customer on every /admin page: 403 (or not found), never the page.
 * Along the way every response is checked for the security headers, and every body for our secrets.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { queryDb, signInAsAdmin, uniqueEmail } from "./support/identity";
import { signUpVerified, stripeStandIn } from "./support/payments";
import { cookieHeader, distDir } from "./support/server-actions";
import { expect, newPersonPage, test } from "./support/test";

test.describe.configure({ mode: "serial", timeout: 240_000 });

/** API routes anyone may call: Auth.js's own endpoints, health, webhooks and agent calls (signed / token-checked inside). */
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d9f5f20000000049454e44ae426082", "hex");

const PUBLIC_API = [/^\/api\/auth\//, /^\/api\/health$/, /^\/api\/site\/locations$/];

interface Route {
  /** URL pattern with [param] segments, route groups removed. */
  pattern: string;
  kind: "page" | "route";
}

function listRoutes(): Route[] {
  const manifest = JSON.parse(readFileSync(path.join(distDir(), "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>;
  return Object.keys(manifest)
    .filter((key) => !key.startsWith("/_"))
    .map((key) => {
      const kind = key.endsWith("/route") ? ("route" as const) : ("page" as const);
      const pattern = key.replace(/\/(page|route)$/, "").replace(/\/\([^)]+\)/g, "") || "/";
      return { pattern, kind };
    })
    .filter((r) => !/\.(xml|txt|png|ico|json)$/.test(r.pattern) && !r.pattern.includes("opengraph-image"))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

const ROUTES = listRoutes();
const isDynamic = (r: Route) => r.pattern.includes("[");
const fill = (pattern: string, id: string) => pattern.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, encodeURIComponent(id));

const SECRETS = () =>
  [process.env.E2E_AUTH_SECRET, process.env.E2E_ENCRYPTION_KEY, process.env.E2E_ADMIN_PASSWORD, "sk_test_e2e_skyport_standin", "whsec_e2e_skyport_standin", "e2e-skyport-github-secret", "e2e-skyport-paypal-secret"].filter(
    (s): s is string => Boolean(s),
  );

interface Answer {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

async function get(baseURL: string, url: string, cookie?: string): Promise<Answer> {
  const res = await fetch(`${baseURL}${url}`, {
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), "x-forwarded-for": "198.51.100.77" },
  });
  const body = await res.text();
  for (const secret of SECRETS()) expect(body.includes(secret), `${url} leaks a secret`).toBe(false);
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("text/html")) {
    expect(res.headers.get("content-security-policy"), `${url}: CSP`).toBeTruthy();
    expect(res.headers.get("x-content-type-options"), `${url}: nosniff`).toBe("nosniff");
    expect(res.headers.get("x-frame-options") ?? res.headers.get("content-security-policy"), `${url}: framing`).toMatch(/DENY|frame-ancestors/);
    expect(res.headers.get("referrer-policy"), `${url}: referrer policy`).toBeTruthy();
  }
  return { status: res.status, location: res.headers.get("location"), body, headers: res.headers };
}

/**
 * A page behind a loading.tsx has already sent its shell (status 200) when the guard runs, so Next refuses in the
 * stream instead: a meta refresh to the sign-in page, or a `next-error` marker for not-found/forbidden.
 */
const softRedirectToSignIn = (a: Answer) => a.status === 200 && /<meta[^>]+http-equiv="refresh"[^>]+\/sign-in/.test(a.body);
const softRefusal = (a: Answer) => a.status === 200 && /<meta name="next-error" content="(not-found|forbidden|unauthorized)"/.test(a.body);
const sentToSignIn = (a: Answer) => (a.status >= 300 && a.status < 400 && /\/sign-in/.test(a.location ?? "")) || softRedirectToSignIn(a);
const refused = (a: Answer) => !(a.status >= 200 && a.status < 300) || softRedirectToSignIn(a) || softRefusal(a);

/** Every id of a row A owns in any database (tables with customer/user/owner/organization columns). */
async function idsOwnedBy(userId: string, orgIds: string[]): Promise<string[]> {
  const owners = [userId, ...orgIds];
  const ids = new Set<string>(orgIds);
  for (const db of ["identity", "billing", "vpn", "support", "hosting", "cloud", "content", "ops"]) {
    const tables = await queryDb<{ name: string }>(db, "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'");
    for (const { name } of tables) {
      const columns = (await queryDb<{ name: string }>(db, `select name from pragma_table_info('${name}')`)).map((c) => c.name);
      if (!columns.includes("id") || ["audit_log", "jobs", "job_effects", "auth_events", "email_outbox", "notifications"].includes(name)) continue;
      const ownerColumns = columns.filter((c) => ["customer_id", "user_id", "owner_id", "organization_id"].includes(c));
      // Some pages are addressed by a human number (tickets, invoices) rather than the id.
      const select = columns.includes("number") ? "id, number" : "id";
      for (const column of ownerColumns) {
        const rows = await queryDb<{ id: string; number?: string | null }>(db, `select ${select} from "${name}" where "${column}" in (${owners.map(() => "?").join(",")}) limit 5`, owners);
        for (const r of rows) {
          ids.add(String(r.id));
          if (r.number) ids.add(String(r.number));
        }
      }
      // Rows owned through a parent: a ticket's attachments.
      if (name === "attachments" && columns.includes("ticket_id")) {
        const rows = await queryDb<{ id: string }>(
          db,
          `select a.id from attachments a join tickets t on t.id = a.ticket_id where t.customer_id in (${owners.map(() => "?").join(",")}) limit 5`,
          owners,
        );
        rows.forEach((r) => ids.add(String(r.id)));
      }
    }
  }
  ids.delete(userId);
  return [...ids];
}

const people: { a?: { page: Page; id: string; email: string; cookie: string; ids: string[] }; b?: { page: Page; cookie: string } } = {};

test("setup: customer A owns an organization, an order, a service, an invoice and a ticket with a file; customer B owns nothing", async ({ browser }) => {
  const emailA = uniqueEmail("walker-a");
  const a = await newPersonPage(browser);
  await signUpVerified(a, emailA, "walker passphrase number one", "Walker Alpha");
  await a.goto("/portal/organizations");
  await a.getByLabel("Organization name").fill("Alpha Secret Org");
  await a.getByRole("button", { name: "Create organization" }).click();
  await a.waitForURL(/\/portal\/organizations\/[0-9a-f-]{36}$/);
  await a.goto("/checkout?plan=vpn-family&cycle=monthly");
  await a.getByLabel("Country").selectOption("US");
  await a.getByRole("button", { name: "Place order and pay with Card" }).click();
  await a.waitForURL((url) => url.href.startsWith(`${stripeStandIn()}/checkout/`));
  // A support ticket with a file (ticket pages are addressed by number, files by id).
  await a.goto("/portal/tickets/new");
  await a.getByLabel("Department").selectOption({ label: "Technical support" });
  await a.getByLabel("Subject").fill("Alpha private question");
  await a.getByLabel("Message").fill("Only Alpha may read this.");
  await a.getByLabel("Attachments").setInputFiles({ name: "alpha.png", mimeType: "image/png", buffer: PNG });
  await a.getByRole("button", { name: "Open a ticket" }).click();
  await a.waitForURL(/\/portal\/tickets\/T-\d+$/);

  const [user] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [emailA]);
  const orgs = await queryDb<{ organization_id: string }>("identity", "select organization_id from organization_members where user_id = ?", [user!.id]);
  const ids = await idsOwnedBy(user!.id, orgs.map((o) => o.organization_id));
  expect(ids.length).toBeGreaterThanOrEqual(4);
  people.a = { page: a, id: user!.id, email: emailA, cookie: await cookieHeader(a), ids };

  const b = await newPersonPage(browser);
  await signUpVerified(b, uniqueEmail("walker-b"), "walker passphrase number two", "Walker Bravo");
  people.b = { page: b, cookie: await cookieHeader(b) };
});

test("anonymous visitors: portal and admin pages send them to sign-in, non-public API routes refuse", async ({ baseURL }) => {
  const forged = "authjs.session-token=forged.session.value";
  const checked: string[] = [];
  for (const route of ROUTES) {
    const url = fill(route.pattern, "0190f7a0-0000-7000-8000-000000000000");
    if (route.pattern.startsWith("/portal") || route.pattern.startsWith("/admin")) {
      if (route.kind === "route") {
        const answer = await get(baseURL!, url);
        expect(answer.status < 200 || answer.status >= 300, `${url} answered ${answer.status} to an anonymous visitor`).toBe(true);
      } else {
        expect(sentToSignIn(await get(baseURL!, url)), `${url} without a cookie`).toBe(true);
        const forgedAnswer = await get(baseURL!, url, forged);
        expect(sentToSignIn(forgedAnswer) || [401, 403, 404].includes(forgedAnswer.status), `${url} with a forged cookie: ${forgedAnswer.status}`).toBe(true);
      }
      checked.push(url);
    } else if (route.pattern.startsWith("/api/") && !PUBLIC_API.some((p) => p.test(route.pattern))) {
      for (const method of ["GET", "POST"]) {
        const res = await fetch(`${baseURL}${url}`, { method, redirect: "manual", headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.78" }, body: method === "POST" ? "{}" : undefined });
        const body = await res.text();
        expect(res.status >= 200 && res.status < 300, `${method} ${url} answered ${res.status} anonymously: ${body.slice(0, 120)}`).toBe(false);
        expect(res.status, `${method} ${url} must fail cleanly`).toBeLessThan(500);
      }
      checked.push(url);
    } else if (route.kind === "page" && !isDynamic(route)) {
      await get(baseURL!, url); // public page: headers and secrets only
    }
  }
  expect(checked.length).toBeGreaterThan(20);
});

test("another customer: every dynamic portal route refuses A's ids; A gets them", async ({ baseURL }) => {
  const { a, b } = people;
  expect(a && b).toBeTruthy();
  const portalDynamic = ROUTES.filter((r) => r.pattern.startsWith("/portal") && isDynamic(r));
  expect(portalDynamic.length).toBeGreaterThan(0);
  for (const route of portalDynamic) {
    let reachedByOwner = 0;
    for (const id of a!.ids) {
      const url = fill(route.pattern, id);
      const asB = await get(baseURL!, url, b!.cookie);
      expect(refused(asB), `${url} (A's ${id}) answered ${asB.status} to customer B`).toBe(true);
      expect(asB.body.includes("Alpha Secret Org") || asB.body.includes(a!.email), `${url} shows A's data to B`).toBe(false);
      const asA = await get(baseURL!, url, a!.cookie);
      if ((asA.status === 200 && !refused(asA)) || (route.kind === "route" && asA.status < 500)) reachedByOwner += 1;
    }
    expect(reachedByOwner, `${route.pattern}: none of A's ids reach it even for A, so the check above proves nothing`).toBeGreaterThan(0);
  }
});

test("a customer gets no admin page; the admin gets them (control)", async ({ baseURL, browser }) => {
  const { a } = people;
  const admin = await newPersonPage(browser);
  await signInAsAdmin(admin);
  const adminCookie = await cookieHeader(admin);
  const [anyCustomer] = await queryDb<{ id: string }>("identity", "select id from users where email = ?", [a!.email]);
  for (const route of ROUTES.filter((r) => r.pattern.startsWith("/admin") && r.kind === "page")) {
    const url = fill(route.pattern, anyCustomer!.id);
    const asCustomer = await get(baseURL!, url, a!.cookie);
    expect([403, 404].includes(asCustomer.status) || sentToSignIn(asCustomer) || softRefusal(asCustomer), `${url} answered ${asCustomer.status} to a customer`).toBe(true);
    if (!isDynamic(route)) {
      const asAdmin = await get(baseURL!, url, adminCookie);
      expect(asAdmin.status, `${url} as admin`).toBe(200);
    }
  }
  await admin.close();
});
