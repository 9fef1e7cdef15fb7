import { describe, expect, it } from "vitest";
import { e2eServerEnv } from "./e2e-env";

const base = { E2E_AUTH_SECRET: "s".repeat(40), E2E_ENCRYPTION_KEY: "ab".repeat(32), E2E_ADMIN_EMAIL: "a@b.c", E2E_ADMIN_PASSWORD: "pw" };

describe("e2e server environment", () => {
  it("refuses the local ./data folder", () => {
    expect(() => e2eServerEnv({ ...base, E2E_DATA_DIR: "./data" }, "/repo")).toThrow(/Refusing/);
    expect(() => e2eServerEnv({ ...base, E2E_DATA_DIR: "/repo/data/sub" }, "/repo")).toThrow(/Refusing/);
  });
  it("requires a data folder", () => {
    expect(() => e2eServerEnv(base, "/repo")).toThrow(/E2E_DATA_DIR/);
  });
  it("uses the temporary folder it is given", () => {
    expect(e2eServerEnv({ ...base, E2E_DATA_DIR: "/tmp/skyport-e2e-1" }, "/repo").DATA_DIR).toBe("/tmp/skyport-e2e-1");
  });
});
