/**
 * Opens the libSQL database of one concern. Clients are created lazily, once per process (cached on
 * globalThis so dev reloads don't leak connections), with a busy timeout so concurrent writers wait
 * instead of failing with SQLITE_BUSY (STACK-NOTES.md).
 */
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { existsSync, accessSync, constants as fsConstants } from "node:fs";
import path from "node:path";
import { databaseConfig, type DatabaseConfig, type DatabaseName } from "@/lib/env";

export type Database<S extends Record<string, unknown>> = LibSQLDatabase<S> & { $client: Client };

interface Registry {
  clients: Map<string, Client>;
  databases: Map<string, unknown>;
}

const globalKey = Symbol.for("skyport.databases");
const registry: Registry = ((globalThis as Record<symbol, unknown>)[globalKey] as Registry | undefined) ?? {
  clients: new Map(),
  databases: new Map(),
};
(globalThis as Record<symbol, unknown>)[globalKey] = registry;

/** The file path behind a `file:` URL, or null for remote databases. */
export function filePathOf(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const rest = url.slice("file:".length).split("?")[0]!;
  return rest.startsWith("//") ? rest.slice(2) : rest;
}

export class DatabaseUnavailableError extends Error {
  constructor(
    readonly database: DatabaseName,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Database "${database}" is unavailable: ${reason}`, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** Turns a libSQL/SQLite failure into a sentence that names the database and what is wrong with it. */
export function describeDatabaseError(config: DatabaseConfig, error: unknown): DatabaseUnavailableError {
  // Drizzle wraps driver errors ("Failed query: …") with the SQLite error as the cause.
  while (!(error instanceof DatabaseUnavailableError) && (error as { cause?: unknown } | null)?.cause && !(error as { code?: string }).code) {
    error = (error as { cause: unknown }).cause;
  }
  if (error instanceof DatabaseUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code ?? "";
  const file = filePathOf(config.url);
  let reason: string;
  if (file && !existsSync(/*turbopackIgnore: true*/ path.dirname(path.resolve(/*turbopackIgnore: true*/ file)))) {
    reason = `its directory ${path.dirname(file)} does not exist (run \`npm run db:migrate\`, or fix DATABASE_URL_${config.name.toUpperCase()})`;
  } else if (/SQLITE_BUSY|database is locked/i.test(code + message)) {
    reason = `${config.url} is locked by another connection (timed out after ${config.busyTimeoutMs} ms)`;
  } else if (/SQLITE_READONLY|readonly/i.test(code + message) || (file && existsSync(/*turbopackIgnore: true*/ file) && !isWritable(file))) {
    reason = `${config.url} is read-only`;
  } else if (/SQLITE_CANTOPEN|unable to open/i.test(code + message)) {
    reason = `${config.url} cannot be opened`;
  } else if (/ECONNREFUSED|fetch failed|ENOTFOUND|ETIMEDOUT|socket/i.test(code + message)) {
    reason = `the server at ${redactUrl(config.url)} is not reachable`;
  } else {
    reason = message;
  }
  return new DatabaseUnavailableError(config.name, reason, { cause: error });
}

function isWritable(file: string): boolean {
  try {
    accessSync(/*turbopackIgnore: true*/ file, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** URLs can carry tokens in their query; never print those. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](authToken|token)=)[^&]+/gi, "$1***");
}

export function openClient(config: DatabaseConfig): Client {
  const key = `${config.name}|${config.url}`;
  let client = registry.clients.get(key);
  if (!client) {
    const create = () =>
      createClient({
        url: config.url,
        authToken: config.authToken,
        // Busy timeout for file databases; must be on the client because transaction() opens a new connection.
        timeout: config.busyTimeoutMs,
      });
    client = filePathOf(config.url) ? serializeWrites(create, config) : create();
    registry.clients.set(key, client);
  }
  return client;
}

/**
 * The embedded driver is synchronous: while one transaction of this process holds a file's write lock, another
 * write from the same process would block the whole event loop for the busy timeout and then fail. SQLite takes
 * one writer at a time anyway, so writers of this process queue here (asynchronously) instead. Reads go straight
 * through: in WAL mode they never wait for the writer. Other processes still wait on SQLite's own busy timeout.
 */
function serializeWrites(create: () => Client, config: DatabaseConfig): Client {
  let tail: Promise<void> = Promise.resolve();
  /**
   * The embedded client is unusable after any statement of its own connection failed with SQLITE_BUSY (another
   * process held the lock past the busy timeout): every later transaction fails at COMMIT with "cannot commit
   * transaction - SQL statements in progress" and its connection keeps the write lock, so the database stays
   * locked after the other process let go (libsql 0.5 / @libsql/client 0.18; found by reliability/database-outage.ts,
   * reproduced in db/connection.test.ts). So a client that saw SQLITE_BUSY is replaced by a fresh one.
   */
  let current = create();
  const client = current;
  const replaceIfBusy = (error: unknown, used: Client) => {
    if ((error as { code?: string } | null)?.code !== "SQLITE_BUSY" || used !== current) return;
    current = create();
    try {
      used.close();
    } catch {
      /* closing a poisoned connection may fail; it is dropped either way */
    }
  };
  const call = async (prop: "execute" | "batch" | "executeMultiple" | "migrate" | "transaction", args: unknown[]) => {
    const used = current;
    try {
      return await (used[prop] as (...a: unknown[]) => Promise<unknown>).apply(used, args);
    } catch (error) {
      replaceIfBusy(error, used);
      throw error;
    }
  };
  const acquire = (): Promise<() => void> => {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => mine);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DatabaseUnavailableError(
              config.name,
              `${config.url} is locked by another connection (a transaction in this process held it for ${config.busyTimeoutMs} ms; inside db.transaction() write through tx, not db)`,
            ),
          ),
        config.busyTimeoutMs,
      );
    });
    return Promise.race([
      previous.then(() => {
        clearTimeout(timer);
        let done = false;
        return () => {
          if (!done) {
            done = true;
            release();
          }
        };
      }),
      timeout,
    ]).catch((error) => {
      // Give our turn back as soon as it comes, so the queue keeps moving.
      void previous.then(() => release());
      throw error;
    });
  };
  const isRead = (statement: unknown) =>
    /^\s*(select|pragma\s+\w+\s*$)/i.test(typeof statement === "string" ? statement : (statement as { sql: string }).sql);

  const proxy: Client = new Proxy(client, {
    get(_target, prop, receiver) {
      if (prop === "execute") {
        return async (statement: Parameters<Client["execute"]>[0], args?: unknown) => {
          const callArgs = args === undefined ? [statement] : [statement, args];
          if (isRead(statement)) return call("execute", callArgs);
          const release = await acquire();
          try {
            return await call("execute", callArgs);
          } finally {
            release();
          }
        };
      }
      if (prop === "batch" || prop === "executeMultiple" || prop === "migrate") {
        return async (...args: unknown[]) => {
          const release = await acquire();
          try {
            return await call(prop, args);
          } finally {
            release();
          }
        };
      }
      if (prop === "transaction") {
        return async (...args: unknown[]) => {
          const release = await acquire();
          let tx: Awaited<ReturnType<Client["transaction"]>>;
          try {
            tx = (await call("transaction", args)) as Awaited<ReturnType<Client["transaction"]>>;
          } catch (error) {
            release();
            throw error;
          }
          return new Proxy(tx, {
            get(t, p) {
              if (p === "commit" || p === "rollback") {
                return async () => {
                  try {
                    return await t[p]();
                  } finally {
                    release();
                  }
                };
              }
              if (p === "close") {
                return () => {
                  try {
                    return t.close();
                  } finally {
                    release();
                  }
                };
              }
              const value = Reflect.get(t, p);
              return typeof value === "function" ? value.bind(t) : value;
            },
          });
        };
      }
      const value = Reflect.get(current, prop, receiver === proxy ? current : receiver);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
  return proxy;
}

export function openDatabase<S extends Record<string, unknown>>(name: DatabaseName, schema: S): Database<S> {
  const config = databaseConfig(name);
  const key = `${config.name}|${config.url}`;
  let db = registry.databases.get(key) as Database<S> | undefined;
  if (!db) {
    db = drizzle({ client: openClient(config), schema }) as Database<S>;
    registry.databases.set(key, db);
  }
  return db;
}

/** Closes every open client (tests, backups, graceful shutdown). */
export function closeAllDatabases(): void {
  for (const client of registry.clients.values()) client.close();
  registry.clients.clear();
  registry.databases.clear();
}
