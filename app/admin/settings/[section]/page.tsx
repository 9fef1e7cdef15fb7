import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmailTemplatesEditor } from "@/components/admin/settings/email-templates";
import { SettingsForm } from "@/components/admin/settings/settings-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { getSettingsSection, isSection, SETTINGS_SECTIONS } from "@/lib/settings";
import { listEmailTemplates } from "@/lib/settings/email-templates";

export async function generateMetadata({ params }: { params: Promise<{ section: string }> }): Promise<Metadata> {
  const { section } = await params;
  return { title: isSection(section) ? `${SETTINGS_SECTIONS[section].title} settings` : "Settings" };
}

export default async function SettingsSectionPage({ params }: { params: Promise<{ section: string }> }) {
  await requireStaff("settings.write");
  const { section } = await params;
  if (!isSection(section)) notFound();
  const spec = SETTINGS_SECTIONS[section];
  const [{ values, secretsSet }, templates] = await Promise.all([
    getSettingsSection(section),
    section === "email" ? listEmailTemplates() : Promise.resolve(null),
  ]);
  return (
    <div className="grid gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/admin/settings" className="text-brand underline-offset-4 hover:underline">
          Settings
        </Link>
      </nav>
      <PageHeader title={spec.title} description={spec.description} />
      <Card as="section" aria-labelledby="section-form">
        <CardHeader>
          <CardTitle id="section-form">{section === "email" ? "SMTP server" : spec.title}</CardTitle>
        </CardHeader>
        <CardContent>
          <SettingsForm section={section} fields={[...spec.fields]} values={values} secretsSet={secretsSet} />
        </CardContent>
      </Card>
      {templates && (
        <Card as="section" aria-labelledby="templates-title">
          <CardHeader>
            <CardTitle id="templates-title">Email templates</CardTitle>
          </CardHeader>
          <CardContent>
            <EmailTemplatesEditor templates={templates} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
