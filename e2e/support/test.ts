/**
 * Every browser test acts from its own client address (as distinct people behind the site's proxy would), so the
 * per-address sign-in and sign-up rate limits apply per test instead of across the whole suite.
 */
import { test as base } from "@playwright/test";

let next = 1;

export const test = base.extend({
  extraHTTPHeaders: async ({}, use, testInfo) => {
    const host = ((testInfo.workerIndex * 97 + next++) % 250) + 2;
    await use({ "x-forwarded-for": `198.51.100.${host}` });
  },
});

export { expect } from "@playwright/test";

/** A second person in the same test: their own browser context and their own client address. */
export async function newPersonPage(browser: import("@playwright/test").Browser) {
  const host = ((next++ * 31) % 250) + 2;
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${host}` } });
  return context.newPage();
}
