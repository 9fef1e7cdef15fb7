import type { Metadata } from "next";
import { AccountNav } from "@/components/portal/account/account-nav";
import { EmailForm, PasswordForm, ProfileForm } from "@/components/portal/account/profile-forms";
import { PageHeader } from "@/components/ui/page-header";
import { getAccountProfile } from "@/lib/auth/accounts";
import { requireCustomer } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireCustomer();
  const profile = await getAccountProfile(actor.userId);
  return (
    <div className="grid gap-6">
      <PageHeader title="Account" description="Your profile, sign-in details and security." />
      <AccountNav />
      <ProfileForm name={profile.name} />
      <EmailForm email={profile.email} verified={Boolean(profile.emailVerified)} />
      <PasswordForm />
    </div>
  );
}
