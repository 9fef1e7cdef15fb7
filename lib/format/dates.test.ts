import { afterEach, describe, expect, it, vi } from "vitest";
import { cachedDateFormatterCount, formatDate, formatDateTime } from "./dates";

describe("formatDate / formatDateTime", () => {
  afterEach(() => vi.restoreAllMocks());

  it("formats in UTC by default, and in the zone asked for", () => {
    const d = new Date(Date.UTC(2026, 2, 6, 23, 30));
    expect(formatDate(d)).toBe("6 Mar 2026");
    expect(formatDateTime(d)).toBe("6 Mar 2026, 23:30 UTC");
    expect(formatDate(d, "en-GB", "Asia/Tokyo")).toBe("7 Mar 2026");
    expect(formatDateTime(d, "en-US", "America/New_York")).toBe("Mar 6, 2026, 6:30 PM");
    expect(formatDate(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
  });

  it("builds a formatter once per style, locale and zone, not once per call (issue #9: a table page's dates)", () => {
    formatDate(new Date(0), "en-GB", "Europe/Paris"); // warm: the formatter may exist already
    const Real = Intl.DateTimeFormat;
    const created = vi.spyOn(Intl, "DateTimeFormat").mockImplementation(function (this: unknown, ...args: ConstructorParameters<typeof Real>) {
      return new Real(...args);
    } as never);
    for (let i = 0; i < 500; i++) {
      expect(formatDate(new Date(i * 86_400_000), "en-GB", "Europe/Paris")).toMatch(/19(70|71)/);
      formatDateTime(new Date(i * 86_400_000), "en-GB", "Europe/Paris");
    }
    // The date-time style for this zone is new: one construction, then reuse.
    expect(created).toHaveBeenCalledTimes(1);
  });

  it("keeps a bounded number of formatters whatever zones and locales arrive", () => {
    const zones = Intl.supportedValuesOf("timeZone").slice(0, 200);
    for (const zone of zones) formatDate(new Date(0), "en-GB", zone);
    expect(cachedDateFormatterCount()).toBeLessThanOrEqual(64);
    // Still correct after evictions.
    expect(formatDate(new Date(Date.UTC(2026, 0, 1, 12)), "en-GB", zones[0]!)).toMatch(/2026/);
  });
});
