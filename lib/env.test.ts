import { describe, expect, it } from "vitest";
import { databaseConfig, EnvError, parseDatabaseEnv, parseServerEnv } from "./env";

const valid = {
  AUTH_SECRET: "x".repeat(40),
  ENCRYPTION_KEY: "ab".repeat(32),
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error("expected an EnvError");
}

describe("server environment", () => {
  it("accepts the minimum and turns optional integrations off", () => {
    const env = parseServerEnv(valid);
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.WORKER_ENABLED).toBe(true);
  });

  it("names each missing or malformed variable and says what is wrong", () => {
    const problems = problemsOf(() => parseServerEnv({ AUTH_SECRET: "short", APP_URL: "nope", WORKER_POLL_MS: "-3" }));
    expect(problems.find((p) => p.startsWith("AUTH_SECRET"))).toMatch(/at least 32 characters/);
    expect(problems.find((p) => p.startsWith("APP_URL"))).toMatch(/absolute URL/);
    expect(problems.find((p) => p.startsWith("ENCRYPTION_KEY"))).toMatch(/required/);
    expect(problems.find((p) => p.startsWith("WORKER_POLL_MS"))).toMatch(/positive whole number/);
  });

  it("rejects an encryption key that is not 32 bytes", () => {
    expect(problemsOf(() => parseServerEnv({ ...valid, ENCRYPTION_KEY: "abcd" }))[0]).toMatch(/^ENCRYPTION_KEY must be 32 bytes/);
    expect(() => parseServerEnv({ ...valid, ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") })).not.toThrow();
  });

  it("requires both halves of an integration once one is set", () => {
    const problems = problemsOf(() => parseServerEnv({ ...valid, STRIPE_SECRET_KEY: "sk_test_123" }));
    expect(problems).toEqual(["STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set"]);
  });

  it("validates the SMTP URL scheme", () => {
    expect(problemsOf(() => parseServerEnv({ ...valid, SMTP_URL: "mail.example.com" }))[0]).toMatch(/^SMTP_URL must start with smtp/);
  });
});

describe("database environment", () => {
  it("defaults every database to a file under DATA_DIR", () => {
    const env = parseDatabaseEnv({ DATA_DIR: "/srv/skyport/" });
    expect(databaseConfig("billing", env)).toMatchObject({ url: "file:/srv/skyport/billing.db", busyTimeoutMs: 5000 });
  });

  it("takes a per-database URL and auth token for libSQL servers", () => {
    const env = parseDatabaseEnv({ DATABASE_URL_VPN: "libsql://vpn-acme.turso.io", DATABASE_AUTH_TOKEN_VPN: "tok" });
    expect(databaseConfig("vpn", env)).toMatchObject({ url: "libsql://vpn-acme.turso.io", authToken: "tok" });
    expect(databaseConfig("ops", env).url).toBe("file:./data/ops.db");
  });

  it("rejects a URL with an unknown scheme, naming the variable", () => {
    expect(problemsOf(() => parseDatabaseEnv({ DATABASE_URL_OPS: "postgres://x" }))[0]).toMatch(/^DATABASE_URL_OPS must start with file:/);
  });
});
