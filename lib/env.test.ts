import { describe, expect, it } from "vitest";
import { databaseConfig, EnvError, parseDatabaseEnv, parseMediaEnv, parseServerEnv } from "./env";

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

describe("media environment", () => {
  const bucket = { MEDIA_S3_BUCKET: "skyport-media", MEDIA_S3_ACCESS_KEY_ID: "AKIAEXAMPLE", MEDIA_S3_SECRET_ACCESS_KEY: "very-secret-value" };

  it("keeps media in the local folder when nothing is set", () => {
    expect(parseMediaEnv({})).toEqual({ s3: null });
    expect(parseMediaEnv({ MEDIA_S3_BUCKET: "", MEDIA_S3_REGION: "eu-west-1" })).toEqual({ s3: null });
  });

  it("configures a bucket with defaults, or an S3-compatible endpoint with path-style URLs", () => {
    expect(parseMediaEnv(bucket).s3).toEqual({ bucket: "skyport-media", endpoint: undefined, region: "us-east-1", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "very-secret-value", forcePathStyle: false });
    const minio = parseMediaEnv({ ...bucket, MEDIA_S3_ENDPOINT: "http://127.0.0.1:9000", MEDIA_S3_REGION: "eu-central-1", MEDIA_S3_FORCE_PATH_STYLE: "true" });
    expect(minio.s3).toMatchObject({ endpoint: "http://127.0.0.1:9000", region: "eu-central-1", forcePathStyle: true });
  });

  it("is all or nothing: a bucket without keys names the missing variables, and no secret is echoed", () => {
    expect(problemsOf(() => parseMediaEnv({ MEDIA_S3_BUCKET: "skyport-media" }))).toEqual([
      "MEDIA_S3_ACCESS_KEY_ID is required when MEDIA_S3_BUCKET is set (media in an S3 bucket)",
      "MEDIA_S3_SECRET_ACCESS_KEY is required when MEDIA_S3_BUCKET is set (media in an S3 bucket)",
    ]);
    const partial = problemsOf(() => parseMediaEnv({ MEDIA_S3_ENDPOINT: "http://minio:9000", MEDIA_S3_SECRET_ACCESS_KEY: "very-secret-value" }));
    expect(partial.map((p) => p.split(" ")[0])).toEqual(["MEDIA_S3_BUCKET", "MEDIA_S3_ACCESS_KEY_ID"]);
    const malformed = problemsOf(() => parseMediaEnv({ ...bucket, MEDIA_S3_ENDPOINT: "minio:9000", MEDIA_S3_FORCE_PATH_STYLE: "sometimes" }));
    expect(malformed.map((p) => p.split(" ")[0])).toEqual(["MEDIA_S3_ENDPOINT", "MEDIA_S3_FORCE_PATH_STYLE"]);
    expect([...partial, ...malformed].join("\n")).not.toContain("very-secret-value");
  });
});
