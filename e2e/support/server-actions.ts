/**
 * Calls server actions directly, as an attacker with curl would: no page, no form, no client-side checks.
 *
 * - The ids come from the production build's manifest (`<distDir>/server/server-reference-manifest.json`), which
 *   maps every action id to its source file and exported name, and to the page "workers" that import it. So a
 *   test can enumerate "every action exported from app/admin/**" without a hand-kept list.
 * - A call is what Next's client router sends: `POST <page>` with `Next-Action: <id>`, `Accept: text/x-component`,
 *   and the arguments encoded like React's `encodeReply`. A FormData argument becomes a multipart body whose
 *   fields are the form's fields prefixed `_<part>_` plus a field `0` holding the argument list `["$K<part>"]`
 *   (React 19.2; e2e/action-authorization.spec.ts checks this against a request a real browser makes).
 * - The answer is a React Flight stream; `parseFlightResult` pulls the action's return value out of it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";

export interface ServerActionRef {
  id: string;
  /** Source file relative to the project root, e.g. "app/admin/identity-actions.ts". */
  file: string;
  exportedName: string;
  /** App paths of the pages whose bundle includes the action, e.g. "app/admin/staff/page". */
  workers: string[];
}

/** The messages lib/auth/guards.ts puts into an action's error result. */
export const UNAUTHENTICATED_MESSAGE = "Your session has ended. Please sign in again.";
export const FORBIDDEN_MESSAGE = "You do not have permission to do that.";

export function distDir(): string {
  return process.env.NEXT_DIST_DIR || ".next";
}

interface ManifestEntry {
  workers?: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

/**
 * Every server action of the build. Reads the `node` section (and `edge`, should any route use it); entries
 * without a filename/exportedName (older manifest shapes) are skipped with an error, so a change of shape is loud.
 */
export function listServerActions(dir = distDir()): ServerActionRef[] {
  const file = path.join(dir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const out = new Map<string, ServerActionRef>();
  for (const runtime of ["node", "edge"]) {
    const section = manifest[runtime] as Record<string, ManifestEntry> | undefined;
    if (!section || typeof section !== "object") continue;
    for (const [id, entry] of Object.entries(section)) {
      if (!entry || typeof entry.filename !== "string" || typeof entry.exportedName !== "string") {
        throw new Error(`${file}: entry ${id} has no filename/exportedName; the manifest shape changed, adapt listServerActions`);
      }
      out.set(id, {
        id,
        file: entry.filename.replace(/\\/g, "/").replace(/^\.\//, ""),
        exportedName: entry.exportedName,
        workers: Object.keys(entry.workers ?? {}),
      });
    }
  }
  if (out.size === 0) throw new Error(`${file} lists no server actions (wrong NEXT_DIST_DIR?)`);
  return [...out.values()].sort((a, b) => (a.file + a.exportedName).localeCompare(b.file + b.exportedName));
}

export function findServerAction(file: string, exportedName: string, actions = listServerActions()): ServerActionRef {
  const found = actions.find((a) => a.file === file && a.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} from ${file} in the build manifest`);
  return found;
}

/**
 * A page URL to post to, from the action's worker pages: a static one if there is one
 * ("app/(auth)/verify/page" → "/verify"), else a dynamic one with placeholder params ("[id]" → "x"; the action
 * runs before the page would render, so the params need not exist).
 */
export function pagePathFor(action: ServerActionRef): string {
  const routes = action.workers.map((worker) =>
    worker
      .replace(/^app/, "")
      .replace(/\/page$/, "")
      .split("/")
      .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@") && !s.startsWith("[[")),
  );
  const fixed = routes.find((segments) => !segments.some((s) => s.includes("[")));
  if (fixed) return "/" + fixed.join("/");
  if (routes[0]) return "/" + routes[0].map((s) => (s.startsWith("[") ? "x" : s)).join("/");
  return "/";
}

export type ActionArgs = FormData | Record<string, string | string[]> | unknown[];

function toFormData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  return data;
}

/**
 * The request body React's encodeReply produces for `action(formData)`, or for a list of JSON-safe arguments
 * (then a plain JSON array, which is what encodeReply returns when no part is needed).
 */
export function encodeActionArgs(args: ActionArgs): FormData | string {
  if (Array.isArray(args)) return JSON.stringify(args);
  const form = args instanceof FormData ? args : toFormData(args);
  const body = new FormData();
  form.forEach((value, key) => body.append(`_1_${key}`, value));
  body.set("0", JSON.stringify(["$K1"]));
  return body;
}

export type ActionResponse =
  | { kind: "result"; status: number; value: unknown; raw: string }
  | { kind: "redirect"; status: number; location: string; raw: string }
  | { kind: "not-found"; status: number; raw: string }
  | { kind: "other"; status: number; contentType: string; raw: string };

export interface CallOptions {
  baseURL: string;
  /** A Cookie header (see cookieHeader), or none for an anonymous caller. */
  cookie?: string;
  headers?: Record<string, string>;
  /** The page path to post to; defaults to one of the action's own pages. */
  pagePath?: string;
}

/** Invokes a server action by id, the way Next's client does, and decodes the answer. */
export async function callServerAction(action: ServerActionRef | string, args: ActionArgs, options: CallOptions): Promise<ActionResponse> {
  const id = typeof action === "string" ? action : action.id;
  const pagePath = options.pagePath ?? (typeof action === "string" ? "/" : pagePathFor(action));
  const body = encodeActionArgs(args);
  const headers: Record<string, string> = {
    accept: "text/x-component",
    "next-action": id,
    origin: options.baseURL,
    ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}),
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...options.headers,
  };
  const response = await fetch(new URL(pagePath, options.baseURL), { method: "POST", headers, body, redirect: "manual" });
  const raw = await response.text();
  const status = response.status;
  if (response.headers.get("x-nextjs-action-not-found")) return { kind: "not-found", status, raw };
  const location = response.headers.get("location") ?? redirectFromFlightHeader(response.headers.get("x-action-redirect"));
  if (location) return { kind: "redirect", status, location, raw };
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("text/x-component")) {
    const parsed = parseFlightResult(raw);
    if (parsed.found) return { kind: "result", status, value: parsed.value, raw };
  }
  return { kind: "other", status, contentType, raw };
}

function redirectFromFlightHeader(value: string | null): string | null {
  // "x-action-redirect: /sign-in;push"
  return value ? value.split(";")[0]! : null;
}

/**
 * The action's return value from a Flight response: row 0 is `{"a": <result or "$@<row>">, ...}`. Handles the
 * references our results can contain (plain JSON, `$@` rows, `$$` escapes, `$undefined`, `$D` dates).
 */
export function parseFlightResult(raw: string): { found: boolean; value?: unknown } {
  const rows = new Map<string, unknown>();
  for (const line of raw.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (!match) continue;
    const [, rowId, payload] = match;
    if (!payload) continue;
    // An error the action threw (e.g. forbidden()): only its digest reaches the client.
    const isError = payload.startsWith("E{");
    if (!isError && !/^[[{"0-9tfn-]/.test(payload)) continue; // skip I/HL/T rows
    try {
      const parsed = JSON.parse(isError ? payload.slice(1) : payload);
      rows.set(rowId!, isError ? { thrown: parsed } : parsed);
    } catch {
      /* not a model row */
    }
  }
  const root = rows.get("0") as { a?: unknown } | undefined;
  if (!root || typeof root !== "object" || !("a" in root)) return { found: false };
  const seen = new Set<string>();
  const resolve = (value: unknown): unknown => {
    if (typeof value === "string") {
      if (value === "$undefined") return undefined;
      if (value.startsWith("$$")) return value.slice(1);
      if (value.startsWith("$D")) return new Date(value.slice(2));
      const ref = /^\$@?([0-9a-f]+)$/.exec(value);
      if (ref && rows.has(ref[1]!) && !seen.has(ref[1]!)) {
        seen.add(ref[1]!);
        return resolve(rows.get(ref[1]!));
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return { found: true, value: resolve(root.a) };
}

/** The Cookie header a browser context would send (its session, for an attacker holding their own account). */
export async function cookieHeader(source: Page | BrowserContext): Promise<string> {
  const context = "context" in source ? source.context() : source;
  const cookies = await context.cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

export interface ActionResultShape {
  ok: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
  data?: unknown;
}

/** The ActionResult inside a response, or null when the response carried none (redirect, error page, …). */
export function actionResultOf(response: ActionResponse): ActionResultShape | null {
  if (response.kind !== "result") return null;
  const value = response.value as ActionResultShape | null;
  return value && typeof value === "object" && typeof value.ok === "boolean" ? value : null;
}

/**
 * Whether the response is a refusal: an error result saying the caller is signed out / lacks permission, a
 * redirect to sign-in, or an HTTP 401/403 error. Anything else (ok:true, a validation error that shows the input
 * was processed before authorization, an unknown action) is not a refusal.
 */
export function refusal(response: ActionResponse, expected: "unauthenticated" | "forbidden" | "either"): { refused: boolean; why: string } {
  const result = actionResultOf(response);
  const messages =
    expected === "unauthenticated" ? [UNAUTHENTICATED_MESSAGE] : expected === "forbidden" ? [FORBIDDEN_MESSAGE] : [UNAUTHENTICATED_MESSAGE, FORBIDDEN_MESSAGE];
  if (result) {
    if (result.ok) return { refused: false, why: `ok:true ${JSON.stringify(result.data)?.slice(0, 200)}` };
    if (result.formError && messages.includes(result.formError)) return { refused: true, why: result.formError };
    return { refused: false, why: `error result that is not an authorization refusal: ${JSON.stringify(result).slice(0, 300)}` };
  }
  if (response.kind === "redirect" && /\/sign-in\b/.test(response.location) && expected !== "forbidden") return { refused: true, why: `redirect ${response.location}` };
  const thrown = response.kind === "result" ? (response.value as { thrown?: { digest?: string } } | null)?.thrown : undefined;
  // forbidden()/unauthorized() thrown from a page guard: Next answers with their HTTP fallback digest.
  if (thrown?.digest && /^NEXT_HTTP_ERROR_FALLBACK;40[13]$/.test(thrown.digest)) return { refused: true, why: thrown.digest };
  if (response.kind === "other" && (response.status === 401 || response.status === 403)) return { refused: true, why: `HTTP ${response.status}` };
  return { refused: false, why: `${response.kind} (HTTP ${response.status}): ${response.raw.slice(0, 300)}` };
}

/**
 * The permissions an action's source declares with `authorizeStaff("…")`, read from the exported function's
 * body. Null when the function calls authorizeStaff with something other than a string literal, or not at all.
 */
export function declaredStaffPermissions(action: ServerActionRef, root = process.cwd()): string[] | null {
  // Comments are dropped first: a commented-out check is no check.
  const source = readFileSync(path.join(root, action.file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const start = new RegExp(`export\\s+(?:async\\s+)?function\\s+${action.exportedName}\\b|export\\s+const\\s+${action.exportedName}\\b`).exec(source);
  if (!start) return null;
  const rest = source.slice(start.index + start[0].length);
  const next = /\nexport\s/.exec(rest);
  const body = next ? rest.slice(0, next.index) : rest;
  const calls = [...body.matchAll(/authorizeStaff\(([^)]*)\)/g)];
  if (calls.length === 0) return null;
  const permissions: string[] = [];
  for (const call of calls) {
    const literal = /^\s*["'`]([a-z0-9._-]+)["'`]\s*$/i.exec(call[1]!);
    if (!literal) return null;
    permissions.push(literal[1]!);
  }
  return permissions;
}

export interface SnapshotOptions {
  /** Tables that change on their own while the server runs (counters, job queue). */
  ignoreTables?: string[];
  /** `table.column` values that change on mere use (e.g. user_sessions.last_seen_at). */
  ignoreColumns?: string[];
  /** Tables compared by their ids only (rows may change state in the background, but none may appear or vanish). */
  idsOnly?: string[];
}

export const DEFAULT_SNAPSHOT_OPTIONS: Required<SnapshotOptions> = {
  // The scheduler ticks every minute: it records runs and enqueues jobs whatever the test does.
  ignoreTables: ["rate_limits", "jobs", "job_effects", "schedule_runs", "__drizzle_migrations"],
  ignoreColumns: ["user_sessions.last_seen_at"],
  idsOnly: ["email_outbox"],
};

/**
 * Every row of every table of every database of the e2e server (E2E_DATA_DIR/*.db), as comparable text per
 * `db.table`. Comparing two snapshots proves that a batch of refused calls changed nothing anywhere, including
 * tables the test author did not think of.
 */
export async function snapshotDatabases(options: SnapshotOptions = DEFAULT_SNAPSHOT_OPTIONS): Promise<Map<string, string>> {
  const { createClient } = await import("@libsql/client");
  const { readdirSync } = await import("node:fs");
  const dir = process.env.E2E_DATA_DIR!;
  const ignoreTables = new Set(options.ignoreTables ?? []);
  const ignoreColumns = new Set(options.ignoreColumns ?? []);
  const idsOnly = new Set(options.idsOnly ?? []);
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".db")).sort()) {
    const db = file.replace(/\.db$/, "");
    const client = createClient({ url: `file:${path.join(dir, file)}` });
    try {
      const tables = await client.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name");
      for (const { name } of tables.rows as unknown as Array<{ name: string }>) {
        if (ignoreTables.has(name)) continue;
        const result = await client.execute(`select * from "${name.replace(/"/g, '""')}"`);
        const rows = (result.rows as unknown as Array<Record<string, unknown>>).map((row) => {
          if (idsOnly.has(name)) return JSON.stringify(row.id ?? row);
          const kept = Object.entries(row).filter(([column]) => !ignoreColumns.has(`${name}.${column}`));
          return JSON.stringify(kept, (_, v) => (typeof v === "bigint" ? v.toString() : v instanceof ArrayBuffer ? Buffer.from(v).toString("hex") : v));
        });
        out.set(`${db}.${name}`, rows.sort().join("\n"));
      }
    } finally {
      client.close();
    }
  }
  return out;
}

/** The `db.table`s whose content differs between two snapshots, with a short excerpt of what changed. */
export function snapshotDifferences(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    if (a === b) continue;
    const aRows = new Set((a ?? "").split("\n"));
    const bRows = new Set((b ?? "").split("\n"));
    const added = [...bRows].filter((r) => r && !aRows.has(r));
    const removed = [...aRows].filter((r) => r && !bRows.has(r));
    out.push(`${key}: +${added.length} -${removed.length} ${[...added.map((r) => `+ ${r}`), ...removed.map((r) => `- ${r}`)].join(" | ").slice(0, 400)}`);
  }
  return out;
}
