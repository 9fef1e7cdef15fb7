"use client";
/** Theme editor: colours per scheme, font, radius, logo and name, with a live preview and the same contrast check the server applies. */
import { useMemo, useState, type CSSProperties } from "react";
import { saveThemeAction } from "@/app/admin/appearance/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import {
  checkThemeContrast,
  FONT_CHOICES,
  isHexColor,
  normalizeHex,
  THEME_COLOR_KEYS,
  THEME_SCHEMES,
  type Theme,
  type ThemeColorKey,
  type ThemeScheme,
} from "@/lib/site/theme-tokens";

const COLOR_LABELS: Record<ThemeColorKey, string> = {
  "color-brand": "Brand",
  "color-brand-hover": "Brand, hover",
  "color-brand-fg": "Text on brand",
  "color-brand-soft": "Tinted background",
  "color-brand-soft-fg": "Text on tinted background",
  "color-accent": "Accent",
};

const SCHEME_LABELS: Record<ThemeScheme, string> = { light: "Light scheme", dark: "Dark scheme" };

const PREVIEW_BG: Record<ThemeScheme, { bg: string; fg: string; muted: string; border: string }> = {
  light: { bg: "#ffffff", fg: "#0e1726", muted: "#566175", border: "#e1e6ee" },
  dark: { bg: "#0a0f18", fg: "#e7ebf2", muted: "#9aa5b8", border: "#223047" },
};

export function ThemeEditor({ initial }: { initial: Theme }) {
  const { toast } = useToast();
  const [colors, setColors] = useState(initial.colors);
  const [radius, setRadius] = useState(initial.radius);
  const [fontId, setFontId] = useState<string>(FONT_CHOICES.find((f) => f.value === initial.fontSans)?.id ?? "system");
  const form = useServerAction(saveThemeAction, { onSuccess: () => toast({ title: "Theme saved", description: "The site uses it now.", tone: "success" }) });

  const draft: Theme = useMemo(
    () => ({ ...initial, colors, radius, fontSans: FONT_CHOICES.find((f) => f.id === fontId)!.value }),
    [initial, colors, radius, fontId],
  );
  const problems = useMemo(() => {
    const valid = THEME_SCHEMES.every((s) => THEME_COLOR_KEYS.every((k) => isHexColor(colors[s][k])));
    if (!valid) return [];
    return checkThemeContrast({
      ...draft,
      colors: {
        light: Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, normalizeHex(colors.light[k])])) as Theme["colors"]["light"],
        dark: Object.fromEntries(THEME_COLOR_KEYS.map((k) => [k, normalizeHex(colors.dark[k])])) as Theme["colors"]["dark"],
      },
    });
  }, [draft, colors]);

  const setColor = (scheme: ThemeScheme, key: ThemeColorKey, value: string) =>
    setColors((prev) => ({ ...prev, [scheme]: { ...prev[scheme], [key]: value } }));

  return (
    <form onSubmit={form.onSubmit} className="grid gap-8" noValidate>
      <FormError result={form.result} />
      <div className="grid gap-8 xl:grid-cols-[1fr_22rem]">
        <div className="grid gap-8">
          {THEME_SCHEMES.map((scheme) => (
            <fieldset key={scheme} className="grid gap-4">
              <legend className="mb-2 text-base font-semibold text-fg">{SCHEME_LABELS[scheme]}</legend>
              <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {THEME_COLOR_KEYS.map((key) => {
                  const name = `${scheme}.${key}`;
                  const value = colors[scheme][key];
                  return (
                    <div key={name} className="flex items-start gap-2">
                      <FormField label={`${COLOR_LABELS[key]} (${scheme})`} name={name} error={form.fieldError(name)} hint="Hex, e.g. #0b62c4" className="min-w-0 flex-1">
                        <Input name={name} value={value} onChange={(e) => setColor(scheme, key, e.target.value)} maxLength={7} className="font-mono" spellCheck={false} />
                      </FormField>
                      <input
                        type="color"
                        aria-label={`${COLOR_LABELS[key]} (${scheme}) picker`}
                        value={isHexColor(value) ? normalizeHex(value) : "#000000"}
                        onChange={(e) => setColor(scheme, key, e.target.value)}
                        className="mt-7 h-10 w-12 shrink-0 cursor-pointer rounded-md border border-border-strong bg-surface p-1"
                      />
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
          <fieldset className="grid gap-4 sm:grid-cols-2">
            <legend className="mb-2 text-base font-semibold text-fg">Type, shape and logo</legend>
            <FormField label="Font" name="font" error={form.fieldError("font")}>
              <Select name="font" value={fontId} onChange={(e) => setFontId(e.target.value)} options={FONT_CHOICES.map((f) => ({ value: f.id, label: f.label }))} />
            </FormField>
            <FormField label="Corner radius" name="radius" error={form.fieldError("radius")} hint="e.g. 0.625rem or 8px">
              <Input name="radius" value={radius} onChange={(e) => setRadius(e.target.value)} maxLength={8} />
            </FormField>
            <FormField label="Brand name" name="brandName" error={form.fieldError("brandName")}>
              <Input name="brandName" defaultValue={initial.brandName} maxLength={40} />
            </FormField>
            <FormField label="Logo image" name="logoUrl" error={form.fieldError("logoUrl")} hint="A path on this site (/logo.svg) or an https:// address; empty for the built-in mark." optional>
              <Input name="logoUrl" defaultValue={initial.logoUrl ?? ""} maxLength={500} />
            </FormField>
          </fieldset>
        </div>

        <div className="grid content-start gap-4">
          <h2 className="text-base font-semibold text-fg">Preview</h2>
          {THEME_SCHEMES.map((scheme) => (
            <ThemePreview key={scheme} scheme={scheme} theme={draft} />
          ))}
          <div role="status" aria-live="polite">
            {problems.length > 0 ? (
              <Alert tone="warning" title="Contrast too low">
                <ul className="mt-1 grid gap-1">
                  {problems.map((p) => (
                    <li key={p.field}>{p.message}</li>
                  ))}
                </ul>
              </Alert>
            ) : (
              <p className="text-sm text-muted">All text meets WCAG AA contrast (4.5:1).</p>
            )}
          </div>
        </div>
      </div>
      <div>
        <Button type="submit" loading={form.pending}>
          Save theme
        </Button>
      </div>
    </form>
  );
}

function ThemePreview({ scheme, theme }: { scheme: ThemeScheme; theme: Theme }) {
  const c = theme.colors[scheme];
  const surface = PREVIEW_BG[scheme];
  const safe = (v: string, fallback: string) => (isHexColor(v) ? normalizeHex(v) : fallback);
  const style = {
    "--color-brand": safe(c["color-brand"], "#000"),
    "--color-brand-hover": safe(c["color-brand-hover"], "#000"),
    "--color-brand-fg": safe(c["color-brand-fg"], "#fff"),
    "--color-brand-soft": safe(c["color-brand-soft"], "#eee"),
    "--color-brand-soft-fg": safe(c["color-brand-soft-fg"], "#000"),
    "--color-accent": safe(c["color-accent"], "#000"),
    "--radius": theme.radius,
    fontFamily: theme.fontSans,
    background: surface.bg,
    color: surface.fg,
    borderColor: surface.border,
  } as CSSProperties;
  return (
    <div style={style} className="rounded-lg border p-4" data-testid={`theme-preview-${scheme}`}>
      <p className="text-xs font-semibold uppercase" style={{ color: surface.muted }}>
        {SCHEME_LABELS[scheme]}
      </p>
      <p className="mt-2 text-lg font-semibold">{theme.brandName}</p>
      <p className="mt-1 text-sm">
        Body text with <span className="font-medium text-brand underline">a link</span>.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <span className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-brand-fg">Button</span>
        <span className="rounded-md bg-brand-hover px-3 py-1.5 text-sm font-medium text-brand-fg">Hover</span>
        <span className="rounded-full bg-brand-soft px-2.5 py-0.5 text-xs font-medium text-brand-soft-fg">Badge</span>
        <span aria-hidden="true" className="size-3 rounded-full bg-accent" />
      </div>
    </div>
  );
}
