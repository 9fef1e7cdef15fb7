import { describe, expect, it } from "vitest";
import { safeNextPath } from "./redirects";

describe("post-sign-in destination", () => {
  it("keeps same-site paths", () => {
    expect(safeNextPath("/portal/devices?x=1", "/portal")).toBe("/portal/devices?x=1");
  });
  it("refuses other sites and odd forms", () => {
    for (const bad of ["https://evil.test", "//evil.test", "/\\evil.test", "javascript:alert(1)", "/sign-in", "/api/auth/x", "/a\nb", ""]) {
      expect(safeNextPath(bad, "/portal")).toBe("/portal");
    }
  });
});
