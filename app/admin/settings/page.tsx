import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { SECTION_KEYS, SETTINGS_SECTIONS } from "@/lib/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireStaff("settings.write");
  const sections = [
    ...SECTION_KEYS.map((key) => ({ href: `/admin/settings/${key}`, title: SETTINGS_SECTIONS[key].title, description: SETTINGS_SECTIONS[key].description })),
    { href: "/admin/settings/payments", title: "Payment gateways", description: "Stripe, PayPal, bank transfer and account credit: keys (stored encrypted) and test mode." },
  ];
  return (
    <div className="grid gap-6">
      <PageHeader title="Settings" description="Every change is recorded in the audit log with the old and new values." />
      <ul className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
        {sections.map((s) => (
          <li key={s.href}>
            <Card className="h-full transition-colors hover:border-border-strong">
              <CardContent className="grid gap-1 p-4">
                <Link href={s.href} className="font-medium text-brand underline-offset-4 hover:underline">
                  {s.title}
                </Link>
                <p className="text-sm text-muted">{s.description}</p>
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
