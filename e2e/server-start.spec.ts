import { expect, test } from "@playwright/test";
import { baseServerEnv, startExtraServer, waitForHttp } from "./support/extra-server";

test.describe("server start-up and outages", () => {
  test("a malformed environment stops the server with a message naming the variable", async () => {
    const server = startExtraServer(3221, { ...baseServerEnv(), AUTH_SECRET: "too-short", APP_URL: "not a url" });
    const code = await Promise.race([server.exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 60_000))]);
    await server.stop();
    expect(code).not.toBe("timeout");
    expect(code).not.toBe(0);
    expect(server.output()).toContain("AUTH_SECRET");
    expect(server.output()).toMatch(/at least 32 characters/);
  });

  test("/api/health answers 503 naming a database that is unreachable", async () => {
    // Billing points at a libSQL server that is not there; every other database is the healthy test data.
    const server = startExtraServer(3222, { ...baseServerEnv(), DATABASE_URL_BILLING: "http://127.0.0.1:39999" });
    try {
      const response = await waitForHttp(`${server.url}/api/health`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.failing).toEqual(["billing"]);
      const billing = body.databases.find((d: { name: string }) => d.name === "billing");
      expect(billing.reachable).toBe(false);
      expect(billing.error).toMatch(/not reachable/);
      const others = body.databases.filter((d: { name: string }) => d.name !== "billing");
      expect(others.every((d: { reachable: boolean }) => d.reachable)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
