import { describe, expect, it } from "vitest";
import {
  checkThemeContrast,
  contrastRatio,
  DEFAULT_THEME,
  FONT_CHOICES,
  themeCss,
  themeFromTokens,
  tokensFromTheme,
  type Theme,
} from "./theme-tokens";

const withColor = (scheme: "light" | "dark", key: keyof Theme["colors"]["light"], value: string): Theme => {
  const theme = structuredClone(DEFAULT_THEME);
  theme.colors[scheme][key] = value;
  return theme;
};

describe("contrastRatio (WCAG 2)", () => {
  it("matches the reference values", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // WebAIM's checker: #767676 on white is the lightest grey that passes AA (4.54:1).
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
    expect(contrastRatio("#fff", "#000")).toBeCloseTo(21, 5);
  });
});

describe("checkThemeContrast", () => {
  it("accepts the shipped theme", () => {
    expect(checkThemeContrast(DEFAULT_THEME)).toEqual([]);
  });

  it("refuses white button text on a light brand colour, naming the field and the ratio", () => {
    const problems = checkThemeContrast(withColor("light", "color-brand", "#7fb2ec"));
    expect(problems.map((p) => p.field)).toContain("light.color-brand-fg");
    const button = problems.find((p) => p.field === "light.color-brand-fg")!;
    expect(button.ratio).toBeLessThan(4.5);
    expect(button.message).toMatch(/Button text on the brand colour has a contrast of \d\.\d\d:1; WCAG AA needs at least 4\.5:1/);
    // The same light brand colour as link text on white fails too.
    expect(problems.map((p) => p.field)).toContain("light.color-brand");
  });

  it("checks the dark scheme on its own backgrounds", () => {
    const problems = checkThemeContrast(withColor("dark", "color-brand", "#1a2a44"));
    expect(problems.every((p) => p.scheme === "dark")).toBe(true);
    expect(problems.map((p) => p.field)).toContain("dark.color-brand");
  });

  it("checks tinted badges", () => {
    const problems = checkThemeContrast(withColor("light", "color-brand-soft-fg", "#8fb8e8"));
    expect(problems.map((p) => p.field)).toEqual(["light.color-brand-soft-fg"]);
  });
});

describe("theme tokens", () => {
  it("round-trips through the token rows", () => {
    const theme: Theme = { ...withColor("light", "color-brand", "#5b21b6"), radius: "4px", fontSans: FONT_CHOICES[4].value, logoUrl: "/logo.svg", brandName: "Acme" };
    expect(themeFromTokens(tokensFromTheme(theme))).toEqual(theme);
  });

  it("ignores malformed stored values instead of emitting them", () => {
    const theme = themeFromTokens([
      { key: "color-brand", value: "red;}</style><script>alert(1)</script>" },
      { key: "radius", value: "1rem; background:url(x)" },
      { key: "font-sans", value: "Comic Sans; } body { display:none" },
      { key: "logo-url", value: "javascript:alert(1)" },
      { key: "dark.color-brand", value: "#ABC" },
    ]);
    expect(theme.colors.light["color-brand"]).toBe(DEFAULT_THEME.colors.light["color-brand"]);
    expect(theme.radius).toBe(DEFAULT_THEME.radius);
    expect(theme.fontSans).toBe(DEFAULT_THEME.fontSans);
    expect(theme.logoUrl).toBeNull();
    expect(theme.colors.dark["color-brand"]).toBe("#aabbcc");
  });
});

describe("themeCss", () => {
  it("renders light values on :root and dark values for both the OS preference and the explicit choice", () => {
    const css = themeCss({ ...withColor("light", "color-brand", "#5b21b6"), radius: "0.25rem" });
    expect(css).toMatch(/^:root\{[^}]*--color-brand:#5b21b6;/);
    expect(css).toContain("--radius:0.25rem");
    expect(css).toContain(`--font-sans:${DEFAULT_THEME.fontSans}`);
    expect(css).toContain('@media (prefers-color-scheme: dark){html:root:not([data-theme="light"]){--color-brand:#4c9dff');
    expect(css).toContain('html:root[data-theme="dark"]{--color-brand:#4c9dff');
    // Focus rings and info badges follow the brand.
    expect(css).toContain("--color-focus:#5b21b6");
  });

  it("can never close the <style> element", () => {
    const theme = structuredClone(DEFAULT_THEME);
    (theme as { radius: string }).radius = "1rem</style><script>";
    expect(themeCss(theme)).not.toMatch(/<|>/);
  });
});
