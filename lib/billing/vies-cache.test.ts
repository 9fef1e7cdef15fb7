import { beforeEach, describe, expect, it } from "vitest";
import { clearViesCache, createViesLookup, VIES_CACHE_MAX, viesCacheSize } from "./vies";

/** A VIES stand-in answering every number as valid, counting the calls (no network). */
function fakeVies() {
  const calls: string[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    calls.push(String(JSON.parse(String(init?.body)).vatNumber));
    return new Response(JSON.stringify({ valid: true, name: "Firma" }), { headers: { "content-type": "application/json" } });
  }) as typeof globalThis.fetch;
  return { calls, lookup: createViesLookup("http://vies.test", { fetch }) };
}

describe("VIES answer cache", () => {
  beforeEach(() => clearViesCache());

  it("answers a repeated number from the cache", async () => {
    const { calls, lookup } = fakeVies();
    expect(await lookup("DE", "123456789")).toEqual({ valid: true, name: "Firma" });
    expect(await lookup("DE", "123456789")).toEqual({ valid: true, name: "Firma" });
    expect(calls).toEqual(["123456789"]);
  });

  it("stays bounded however many distinct numbers are typed at checkout (issue #9), dropping the oldest", async () => {
    const { calls, lookup } = fakeVies();
    const n = VIES_CACHE_MAX + 500;
    for (let i = 0; i < n; i++) await lookup("DE", String(100_000_000 + i));
    expect(viesCacheSize()).toBeLessThanOrEqual(VIES_CACHE_MAX);
    // The newest answers are still cached, the oldest were dropped and are asked again.
    await lookup("DE", String(100_000_000 + n - 1));
    expect(calls.length).toBe(n);
    await lookup("DE", String(100_000_000));
    expect(calls.length).toBe(n + 1);
  });
});
