/**
 * 4. Garbage into every input the server takes (fast-check), over HTTP against the production server.
 *
 * - Every server action of the build, enumerated from its manifest (e2e/support/server-actions.ts, the same list
 *   e2e/action-authorization.spec.ts walks), called the way Next's client calls it, by a caller who gets past
 *   authorization: a signed-in admin (with 2FA) for app/admin/**, a signed-in customer for app/portal/**, anyone
 *   for the rest. Arguments: FormData whose field names come from the action's own source (its zod schemas and
 *   formData.get calls) plus random ones, with hostile values; or a random JSON argument list (actions taking
 *   ids or objects instead of a form).
 * - Every route handler under app/api, enumerated from the files (methods from their exports), with random
 *   bodies, content types, credentials, signatures and query strings.
 *
 * Checked: never a 5xx or an error thrown out of an action; and for every action or route whose garbage was
 * refused (no ok:true / 2xx), every table of every database is unchanged: a refusal writes nothing.
 */
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { TOTP, Secret } from "otpauth";
import {
  actionResultOf,
  callServerAction,
  encodeActionArgs,
  listServerActions,
  pagePathFor,
  type ActionResponse,
  type ServerActionRef,
} from "../e2e/support/server-actions";
import { ADMIN_EMAIL, ADMIN_PASSWORD, type AppProcess, appEnv, check, checksumDifferences, log, PORTS, query, seededDataDir, startApp, stripeEnv, STRIPE_SECRET_KEY, tableChecksums } from "./support/harness";

const NAME = "fuzz";
const CUSTOMER_PASSWORD = "correct horse battery staple";
/** The scheduler's and rate limiter's own bookkeeping changes whatever the request; refusals may count attempts. */
const VOLATILE = {
  ignoreTables: ["rate_limits", "jobs", "job_effects", "schedule_runs", "__drizzle_migrations", "__health_probe", "auth_events"],
  ignoreColumns: ["user_sessions.last_seen_at", "users.failed_sign_ins", "users.locked_until", "users.last_failed_sign_in_at"],
};
/** Actions that would end the fuzzing caller's own session or identity if garbage happened to be accepted. */
const SKIP = /sign.?out|revoke|impersonat|delete.?account|end.?session|stop.?impersonat/i;

const HOSTILE = [
  "", " ", "0", "-1", "1e309", "-0", "NaN", "Infinity", "null", "undefined", "true", "[]", "{}", '{"__proto__":{"x":1}}', "$K1", "$@0", "$undefined",
  "a".repeat(5000), "9".repeat(400), "2026-13-45", "1970-01-01T00:00:00Z", "../../etc/passwd", "<script>alert(1)</script>", "' or 1=1 --",
  "USD", "EUR", "usd", "\u0000", "\ud800", "😀".repeat(100), "x@y", "admin@reliability.test", "https://evil.example/", "javascript:alert(1)",
];

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.uuid() },
);

const RAW_REFERENCES = new Set(HOSTILE.filter((h) => h.startsWith("$")));
function escapeFlightStrings(v: unknown): unknown {
  if (typeof v === "string") return v.startsWith("$") && !RAW_REFERENCES.has(v) ? `$${v}` : v;
  if (Array.isArray(v)) return v.map(escapeFlightStrings);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeFlightStrings(x)]));
  return v;
}

/** Field names an action reads: keys of zod objects and formData.get/getAll arguments in its source file. */
function fieldNamesOf(file: string): string[] {
  let source = "";
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const m of source.matchAll(/\b([a-zA-Z_][\w]*)\s*:\s*(?:z\.|[a-zA-Z]+Schema\b|id\b|money\b)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/formData\.(?:get|getAll|has)\(\s*["'`]([^"'`]+)["'`]/g)) names.add(m[1]!);
  return [...names].filter((n) => !["z", "message", "error"].includes(n));
}

function argsFor(fields: string[]) {
  const key = fields.length ? fc.oneof(fc.constantFrom(...fields), fc.constantFrom("id", "_", "0", "$ACTION_ID_x"), fc.string({ maxLength: 12 })) : fc.string({ maxLength: 12 });
  const form = fc.array(fc.tuple(key, value), { maxLength: Math.max(4, fields.length + 3) }).map((pairs) => {
    const data = new FormData();
    for (const [k, v] of pairs) data.append(k, v);
    return data as FormData | unknown[];
  });
  // Arguments sent as JSON are React Flight: a string starting with "$" is a reference ("$S…" a typed array, "$R…"
  // a stream). A real client escapes such strings as "$$…", so garbage values are escaped the same way; the few raw
  // references in HOSTILE stay raw on purpose. (Unescaped, a malformed reference like "$SR" makes Next's reply
  // decoder answer 500 before any of our code runs: a framework behaviour, not an input our actions can refuse.)
  const json = fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), value), { maxLength: 3 }).map((items) => items.map(escapeFlightStrings)) as fc.Arbitrary<FormData | unknown[]>;
  return fc.oneof({ weight: 4, arbitrary: form }, { weight: 1, arbitrary: json });
}

/** Signs in through the real sign-in action (the form's POST) and returns the session cookie. */
async function signInOverHttp(baseURL: string, email: string, password: string, code?: string): Promise<string> {
  const action = listServerActions().find((a) => a.file === "app/(auth)/sign-in/actions.ts" && a.exportedName === "signInAction");
  if (!action) throw new Error("signInAction is not in the build manifest");
  const fields: Record<string, string> = { email, password, ...(code ? { code, method: "totp" } : {}) };
  const response = await fetch(new URL("/sign-in", baseURL), {
    method: "POST",
    headers: { accept: "text/x-component", "next-action": action.id, origin: baseURL },
    body: encodeActionArgs(fields) as FormData,
    redirect: "manual",
  });
  await response.text();
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!).filter((c) => !c.endsWith("="));
  if (!cookies.some((c) => /session-token/.test(c))) throw new Error(`sign-in of ${email} set no session cookie (HTTP ${response.status})`);
  return cookies.join("; ");
}

function failureOf(response: ActionResponse): string | null {
  if (response.status >= 500) return `HTTP ${response.status} ${response.kind === "other" ? response.raw.slice(0, 120) : ""}`;
  if (response.kind === "result") {
    const thrown = (response.value as { thrown?: { digest?: string; message?: string } } | null)?.thrown;
    if (thrown && !/^NEXT_(HTTP_ERROR_FALLBACK|REDIRECT|NOT_FOUND)/.test(thrown.digest ?? "")) return `threw ${JSON.stringify(thrown).slice(0, 160)}`;
  }
  return null;
}

function routeFiles(dir = "app/api"): Array<{ file: string; path: string; methods: string[] }> {
  const out: Array<{ file: string; path: string; methods: string[] }> = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full));
    else if (entry === "route.ts") {
      const source = readFileSync(full, "utf8");
      const methods = [...source.matchAll(/export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
      for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const name of m[1]!.split(",")) if (/^\s*(GET|POST|PUT|PATCH|DELETE)\b/.test(name.replace(/.* as /, ""))) methods.push(name.replace(/.* as /, "").trim());
      out.push({ file: full, path: "/" + path.dirname(full).split(path.sep).slice(1).join("/"), methods: [...new Set(methods)] });
    }
  }
  return out;
}

export async function fuzzInputs(options: { runsPerAction: number; runsPerRoute: number }): Promise<void> {
  const dir = await seededDataDir(NAME);
  const { startFakeStripe } = await import("@/lib/payments/testing/stripe-server");
  const fake = await startFakeStripe({ secretKey: STRIPE_SECRET_KEY, port: PORTS.stripe });
  let app: AppProcess | undefined;
  try {
    /* Callers: an admin with 2FA on, a verified customer. */
    const { identityDb } = await import("@/db/identity/client");
    const { users } = await import("@/db/identity/schema");
    const { eq } = await import("drizzle-orm");
    const { startTotpEnrolment, confirmTotpEnrolment } = await import("@/lib/auth/two-factor");
    const { signUp } = await import("@/lib/auth/accounts");
    const [admin] = await identityDb().select({ id: users.id }).from(users).where(eq(users.email, ADMIN_EMAIL));
    const enrolment = await startTotpEnrolment(admin!.id);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), algorithm: "SHA1", digits: 6, period: 30 });
    const earlier = new Date(Date.now() - 30_000);
    await confirmTotpEnrolment(admin!.id, totp.generate({ timestamp: earlier.getTime() }), undefined, earlier);
    const customer = await signUp({ email: "fuzz-customer@reliability.test", password: CUSTOMER_PASSWORD, name: "Fuzz Customer" } as never, { ip: "127.0.0.9", userAgent: "reliability" });
    await identityDb().update(users).set({ emailVerified: new Date() }).where(eq(users.id, customer.userId));

    // PayPal configured too (its API is never reached: no garbage passes the signature check), so its webhook verifies.
    const paypal = { PAYPAL_CLIENT_ID: "reliability-paypal", PAYPAL_CLIENT_SECRET: "reliability-paypal-secret", PAYPAL_WEBHOOK_ID: "WH-RELIABILITY", PAYPAL_API_BASE: `http://127.0.0.1:${PORTS.fuzz + 5}` };
    app = await startApp(PORTS.fuzz, appEnv(dir, PORTS.fuzz, { ...stripeEnv(fake.url), ...paypal, INBOUND_EMAIL_SECRET: "reliability-inbound-secret-0123456789" }));
    const baseURL = app.url;
    const cookies = {
      admin: await signInOverHttp(baseURL, ADMIN_EMAIL, ADMIN_PASSWORD, totp.generate()),
      customer: await signInOverHttp(baseURL, "fuzz-customer@reliability.test", CUSTOMER_PASSWORD),
    };

    /* Server actions. */
    const actions = listServerActions();
    let calls = 0;
    let accepted = 0;
    let skipped = 0;
    const failures: string[] = [];
    const writes: string[] = [];
    const t0 = performance.now();
    for (const action of actions) {
      if (SKIP.test(action.exportedName)) {
        skipped++;
        continue;
      }
      const caller = action.file.startsWith("app/admin/") ? cookies.admin : action.file.startsWith("app/portal/") ? cookies.customer : undefined;
      const fields = fieldNamesOf(action.file);
      const before = await tableChecksums(dir, VOLATILE);
      let anyAccepted = false;
      const samples = fc.sample(argsFor(fields), { numRuns: options.runsPerAction, seed: hash(`${action.file}#${action.exportedName}`) });
      for (const args of samples) {
        const response = await callServerAction(action as ServerActionRef, args as FormData, { baseURL, cookie: caller, pagePath: pagePathFor(action), headers: { "x-forwarded-for": `10.9.${calls % 250}.${(calls >> 8) % 250}` } });
        calls++;
        const failure = failureOf(response);
        if (failure) failures.push(`${action.file}#${action.exportedName}: ${failure} ← ${describeArgs(args)}`);
        const result = actionResultOf(response);
        if (result?.ok || (response.kind === "redirect" && !/sign-in/.test(response.location))) anyAccepted = true;
      }
      if (anyAccepted) {
        accepted++;
        continue;
      }
      const diff = checksumDifferences(before, await tableChecksums(dir, VOLATILE));
      if (diff.length) writes.push(`${action.file}#${action.exportedName}: ${diff.slice(0, 3).join(", ")}`);
    }
    log(NAME, `${calls} action calls over ${actions.length - skipped} actions in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    for (const f of failures.slice(0, 20)) log(NAME, `  5xx/throw: ${f}`);
    for (const w of writes.slice(0, 20)) log(NAME, `  wrote on refusal: ${w}`);
    check(NAME, "server actions: no 5xx, no thrown error", failures.length === 0, `${calls} calls, ${actions.length - skipped} actions (${skipped} session-ending skipped), ${failures.length} failures${failures[0] ? `: ${failures[0]}` : ""}`);
    check(NAME, "server actions: refused garbage writes nothing", writes.length === 0, `${actions.length - skipped - accepted} actions refused all garbage; ${accepted} accepted some (no-input actions); ${writes.length} wrote${writes[0] ? `: ${writes[0]}` : ""}`);

    /* Route handlers. */
    const routes = routeFiles();
    const routeFailures: string[] = [];
    const routeWrites: string[] = [];
    let requests = 0;
    const contentTypes = ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "message/rfc822", "", "application/json; charset=utf-16"];
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.constantFrom(...HOSTILE),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
    );
    const headers = fc.record(
      {
        "content-type": fc.constantFrom(...contentTypes),
        authorization: fc.oneof(fc.constant("Bearer "), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`), fc.constantFrom(...HOSTILE).map((s) => `Basic ${s}`)),
        "stripe-signature": fc.oneof(fc.string({ maxLength: 80 }), fc.integer().map((t) => `t=${t},v1=${"0".repeat(64)}`)),
        "paypal-transmission-id": fc.string({ maxLength: 40 }),
        "paypal-transmission-sig": fc.string({ maxLength: 40 }),
        "paypal-cert-url": fc.constantFrom("https://api.paypal.com/cert.pem", "https://evil.example/cert.pem", "", "not a url"),
        "paypal-auth-algo": fc.constantFrom("SHA256withRSA", "", "x"),
        "paypal-transmission-time": fc.constantFrom(new Date().toISOString(), "", "yesterday"),
        "x-skyport-signature": fc.string({ maxLength: 80 }),
      },
      { requiredKeys: [] },
    );
    const queryArb = fc.dictionary(fc.constantFrom("id", "since", "limit", "cursor", "page", "q", "token", fc.sample(fc.string({ maxLength: 6 }), 1)[0]!), value, { maxKeys: 4 });
    for (const route of routes) {
      for (const method of route.methods) {
        const before = await tableChecksums(dir, VOLATILE);
        let any2xx = false;
        const samples = fc.sample(fc.record({ body, headers, query: queryArb, segment: fc.constantFrom("x", "signin", "session", "callback/credentials", "csrf", "providers", "..", "%00") }), { numRuns: options.runsPerRoute, seed: hash(route.path + method) });
        for (const s of samples) {
          const url = new URL(route.path.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, s.segment), baseURL);
          for (const [k, v] of Object.entries(s.query)) url.searchParams.set(k, v);
          const hasBody = method !== "GET" && method !== "DELETE";
          const cleanHeaders = Object.fromEntries(Object.entries(s.headers).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v)));
          let status = 0;
          try {
            const res = await fetch(url, { method, headers: { ...cleanHeaders, "x-forwarded-for": `10.8.${requests % 250}.1` }, body: hasBody ? s.body : undefined, redirect: "manual", signal: AbortSignal.timeout(20_000) });
            status = res.status;
            const text = await res.text();
            if (status >= 500) routeFailures.push(`${method} ${route.path}: HTTP ${status} ${text.slice(0, 120)} ← ${JSON.stringify(s.body).slice(0, 80)}`);
          } catch (error) {
            routeFailures.push(`${method} ${route.path}: no answer (${String(error).slice(0, 80)})`);
          }
          requests++;
          if (status >= 200 && status < 300) any2xx = true;
        }
        if (any2xx) continue;
        const diff = checksumDifferences(before, await tableChecksums(dir, VOLATILE));
        if (diff.length) routeWrites.push(`${method} ${route.path}: ${diff.slice(0, 3).join(", ")}`);
      }
    }
    for (const f of routeFailures.slice(0, 20)) log(NAME, `  route 5xx: ${f}`);
    for (const w of routeWrites.slice(0, 20)) log(NAME, `  route wrote on refusal: ${w}`);
    const methodCount = routes.reduce((s, r) => s + r.methods.length, 0);
    check(NAME, "route handlers: no 5xx", routeFailures.length === 0, `${requests} requests over ${methodCount} handlers in ${routes.length} routes, ${routeFailures.length} failures${routeFailures[0] ? `: ${routeFailures[0]}` : ""}`);
    check(NAME, "route handlers: refused garbage writes nothing", routeWrites.length === 0, `${routeWrites.length} wrote${routeWrites[0] ? `: ${routeWrites[0]}` : ""}`);
    const events = await query<{ n: number }>(dir, "billing", "select count(*) as n from gateway_events");
    check(NAME, "no forged webhook stored", events[0]!.n === 0, `${events[0]!.n} gateway events stored`);
  } finally {
    await app?.kill9();
    await fake.close();
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function describeArgs(args: FormData | unknown[]): string {
  if (Array.isArray(args)) return JSON.stringify(args).slice(0, 120);
  return JSON.stringify([...args.entries()].map(([k, v]) => [k, String(v).slice(0, 30)])).slice(0, 160);
}
