/**
 * The theme a provider edits in admin: which tokens exist, their defaults (the values of app/globals.css), how they
 * are validated, the WCAG contrast rules a saved theme must pass, and the CSS that turns them into variables.
 * Pure functions (no database, no server-only): the admin preview runs the same checks in the browser.
 */

export const THEME_SCHEMES = ["light", "dark"] as const;
export type ThemeScheme = (typeof THEME_SCHEMES)[number];

/** Colour tokens an admin may change, per scheme (CSS variable name without `--`). */
export const THEME_COLOR_KEYS = [
  "color-brand",
  "color-brand-hover",
  "color-brand-fg",
  "color-brand-soft",
  "color-brand-soft-fg",
  "color-accent",
] as const;
export type ThemeColorKey = (typeof THEME_COLOR_KEYS)[number];

/** Fixed surfaces the brand colours are checked against (not editable: they carry the whole UI's text). */
const SURFACES: Record<ThemeScheme, { bg: string; surface: string; fg: string }> = {
  light: { bg: "#ffffff", surface: "#ffffff", fg: "#0e1726" },
  dark: { bg: "#0a0f18", surface: "#111927", fg: "#e7ebf2" },
};

export const DEFAULT_COLORS: Record<ThemeScheme, Record<ThemeColorKey, string>> = {
  light: {
    "color-brand": "#0b62c4",
    "color-brand-hover": "#0a55aa",
    "color-brand-fg": "#ffffff",
    "color-brand-soft": "#e7f0fb",
    "color-brand-soft-fg": "#0a4f9e",
    "color-accent": "#13a38a",
  },
  dark: {
    "color-brand": "#4c9dff",
    "color-brand-hover": "#6daeff",
    "color-brand-fg": "#04111f",
    "color-brand-soft": "#0f2744",
    "color-brand-soft-fg": "#9cc8ff",
    "color-accent": "#2fd1b2",
  },
};

/** Font stacks on offer: system fonts only, so nothing is downloaded and the CSP needs no font host. */
export const FONT_CHOICES = [
  {
    id: "system",
    label: "System sans-serif",
    value: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  },
  { id: "humanist", label: "Humanist", value: 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif' },
  { id: "geometric", label: "Geometric", value: 'Avenir, Montserrat, Corbel, "URW Gothic", source-sans-pro, sans-serif' },
  { id: "rounded", label: "Rounded", value: 'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT", sans-serif' },
  { id: "serif", label: "Serif", value: 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif' },
  { id: "mono", label: "Monospace", value: 'ui-monospace, "Cascadia Code", "Source Code Pro", Menlo, Consolas, "DejaVu Sans Mono", monospace' },
] as const;

export const DEFAULT_RADIUS = "0.625rem";
export const DEFAULT_FONT = FONT_CHOICES[0].value;

/** Everything the theme holds, as stored in theme_tokens (`dark.` prefix for the dark scheme). */
export interface Theme {
  colors: Record<ThemeScheme, Record<ThemeColorKey, string>>;
  radius: string;
  fontSans: string;
  /** Site-relative or https URL of a logo image; null = the built-in mark. */
  logoUrl: string | null;
  /** Word shown next to the logo (the brand name). */
  brandName: string;
}

export const DEFAULT_THEME: Theme = {
  colors: { light: { ...DEFAULT_COLORS.light }, dark: { ...DEFAULT_COLORS.dark } },
  radius: DEFAULT_RADIUS,
  fontSans: DEFAULT_FONT,
  logoUrl: null,
  brandName: "Skyport",
};

/** Token keys that are not CSS variables (kept in the same table). */
export const LOGO_URL_KEY = "logo-url";
export const BRAND_NAME_KEY = "brand-name";

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const RADIUS = /^(?:0|(?:\d{1,2}(?:\.\d{1,3})?)(?:rem|px))$/;

export function isHexColor(value: string): boolean {
  return HEX.test(value);
}

export function normalizeHex(value: string): string {
  const v = value.trim().toLowerCase();
  if (v.length === 4) return `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}`;
  return v;
}

export function isRadius(value: string): boolean {
  if (!RADIUS.test(value)) return false;
  const n = Number.parseFloat(value);
  return value.endsWith("px") ? n <= 32 : value === "0" || n <= 2;
}

export function isLogoUrl(value: string): boolean {
  if (value.startsWith("/") && !value.startsWith("//")) return /^\/[\w\-./]+$/.test(value);
  try {
    return new URL(value).protocol === "https:" && !/["'()\\\s<>]/.test(value);
  } catch {
    return false;
  }
}

/** Rows of theme_tokens → a complete theme; unknown or malformed values fall back to the defaults. */
export function themeFromTokens(rows: ReadonlyArray<{ key: string; value: string }>): Theme {
  const theme: Theme = structuredClone(DEFAULT_THEME);
  for (const { key, value } of rows) {
    const dark = key.startsWith("dark.");
    const name = dark ? key.slice(5) : key;
    if ((THEME_COLOR_KEYS as readonly string[]).includes(name)) {
      if (isHexColor(value)) theme.colors[dark ? "dark" : "light"][name as ThemeColorKey] = normalizeHex(value);
    } else if (dark) {
      continue;
    } else if (name === "radius" && isRadius(value)) theme.radius = value;
    else if (name === "font-sans" && FONT_CHOICES.some((f) => f.value === value)) theme.fontSans = value;
    else if (name === LOGO_URL_KEY && value && isLogoUrl(value)) theme.logoUrl = value;
    else if (name === BRAND_NAME_KEY && value.trim()) theme.brandName = value.trim().slice(0, 40);
  }
  return theme;
}

/** A theme → the rows to store. */
export function tokensFromTheme(theme: Theme): Array<{ key: string; value: string; category: string }> {
  const rows: Array<{ key: string; value: string; category: string }> = [];
  for (const scheme of THEME_SCHEMES) {
    for (const key of THEME_COLOR_KEYS) {
      rows.push({ key: scheme === "dark" ? `dark.${key}` : key, value: theme.colors[scheme][key], category: "colors" });
    }
  }
  rows.push({ key: "radius", value: theme.radius, category: "radius" });
  rows.push({ key: "font-sans", value: theme.fontSans, category: "typography" });
  rows.push({ key: LOGO_URL_KEY, value: theme.logoUrl ?? "", category: "branding" });
  rows.push({ key: BRAND_NAME_KEY, value: theme.brandName, category: "branding" });
  return rows;
}

/* ─── Contrast (WCAG 2.x) ─────────────────────────────────────────────────────────────────────────────── */

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const h = normalizeHex(hex);
  const r = Number.parseInt(h.slice(1, 3), 16);
  const g = Number.parseInt(h.slice(3, 5), 16);
  const b = Number.parseInt(h.slice(5, 7), 16);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio, 1–21. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/** AA for normal-size text. */
export const AA_TEXT = 4.5;

export interface ContrastProblem {
  scheme: ThemeScheme;
  /** The token to change (form field name: `light.color-brand-fg`). */
  field: string;
  message: string;
  ratio: number;
}

interface Pair {
  fg: ThemeColorKey | "bg" | "surface";
  bg: ThemeColorKey | "bg" | "surface";
  field: ThemeColorKey;
  what: string;
}

/** Every place a brand colour is text on a background, or a background under text. */
const PAIRS: Pair[] = [
  { fg: "color-brand-fg", bg: "color-brand", field: "color-brand-fg", what: "Button text on the brand colour" },
  { fg: "color-brand-fg", bg: "color-brand-hover", field: "color-brand-hover", what: "Button text on the hover colour" },
  { fg: "color-brand", bg: "bg", field: "color-brand", what: "Links (brand colour) on the page background" },
  { fg: "color-brand", bg: "surface", field: "color-brand", what: "Links (brand colour) on cards" },
  { fg: "color-brand-soft-fg", bg: "color-brand-soft", field: "color-brand-soft-fg", what: "Text on the tinted brand background" },
];

const SCHEME_LABEL: Record<ThemeScheme, string> = { light: "Light", dark: "Dark" };

/** The AA problems of a theme; empty when every text/background pair reaches 4.5:1. */
export function checkThemeContrast(theme: Theme): ContrastProblem[] {
  const problems: ContrastProblem[] = [];
  for (const scheme of THEME_SCHEMES) {
    const colour = (k: Pair["fg"]) => (k === "bg" || k === "surface" ? SURFACES[scheme][k] : theme.colors[scheme][k]);
    const seen = new Set<string>();
    for (const pair of PAIRS) {
      const ratio = contrastRatio(colour(pair.fg), colour(pair.bg));
      if (ratio >= AA_TEXT) continue;
      const field = `${scheme}.${pair.field}`;
      if (seen.has(field)) continue;
      seen.add(field);
      problems.push({
        scheme,
        field,
        ratio,
        message: `${SCHEME_LABEL[scheme]}: ${pair.what} has a contrast of ${ratio.toFixed(2)}:1; WCAG AA needs at least 4.5:1.`,
      });
    }
  }
  return problems;
}

/* ─── CSS ─────────────────────────────────────────────────────────────────────────────────────────────── */

function declarations(entries: Array<[string, string]>): string {
  // Values are validated (hex, radius, a fixed font list) before they get here; `<` can never close the <style>.
  return entries.map(([k, v]) => `--${k}:${v.replace(/[<>{};]/g, "")}`).join(";");
}

/**
 * The theme as CSS that overrides app/globals.css. Light values sit on `:root` unlayered, which beats Tailwind's
 * `@layer theme` defaults; dark values use the same selectors as globals.css plus `html` for one more point of
 * specificity, so they win whatever order the stylesheets load in.
 */
export function themeCss(theme: Theme): string {
  const light: Array<[string, string]> = [
    ...THEME_COLOR_KEYS.map((k): [string, string] => [k, theme.colors.light[k]]),
    ["color-focus", theme.colors.light["color-brand"]],
    ["color-info", theme.colors.light["color-brand"]],
    ["color-info-soft", theme.colors.light["color-brand-soft"]],
    ["color-info-soft-fg", theme.colors.light["color-brand-soft-fg"]],
    ["radius", theme.radius],
    ["font-sans", theme.fontSans],
  ];
  const dark = declarations([
    ...THEME_COLOR_KEYS.map((k): [string, string] => [k, theme.colors.dark[k]]),
    ["color-focus", theme.colors.dark["color-brand-hover"]],
    ["color-info", theme.colors.dark["color-brand"]],
    ["color-info-soft", theme.colors.dark["color-brand-soft"]],
    ["color-info-soft-fg", theme.colors.dark["color-brand-soft-fg"]],
  ]);
  return (
    `:root{${declarations(light)}}` +
    `@media (prefers-color-scheme: dark){html:root:not([data-theme="light"]){${dark}}}` +
    `html:root[data-theme="dark"]{${dark}}`
  );
}
