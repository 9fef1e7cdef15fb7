import type { Metadata } from "next";
import { AppearanceNav } from "@/components/site-admin/appearance-nav";
import { ThemeEditor } from "@/components/site-admin/theme-editor";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { getTheme } from "@/lib/site/queries";

export const metadata: Metadata = { title: "Theme" };

export default async function ThemePage() {
  await requireStaff("content.publish");
  const theme = await getTheme();
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Appearance"
        description="Colours, font, corner radius and logo for the public site, the portal and admin. Saving checks that text stays readable (WCAG AA) and applies at once."
      />
      <AppearanceNav />
      <ThemeEditor initial={theme} />
    </div>
  );
}
