import { Logo } from "@/components/ui/logo";
import { cachedTheme } from "@/lib/site/cached";
import { DEFAULT_THEME } from "@/lib/site/theme-tokens";

/** The provider's logo and name from the theme (Appearance → Theme), or the built-in mark. */
export async function SiteLogo() {
  const theme = await cachedTheme().catch(() => DEFAULT_THEME);
  if (theme.logoUrl) {
    return (
      <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight text-fg">
        {/* A provider's logo can be any size or an SVG: a plain img sized by CSS, no optimizer round trip. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={theme.logoUrl} alt="" className="h-7 w-auto" height={28} />
        <span>{theme.brandName}</span>
      </span>
    );
  }
  return <Logo label={theme.brandName} />;
}
