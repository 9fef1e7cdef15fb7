import { SidebarFooter } from "@/components/ui/sidebar-footer";
import { SignOutButton } from "./sign-out-button";

/** Sidebar footer of the portal and admin: who is signed in, sign out, back to the site, theme. */
export function AccountFooter({ email, backLabel }: { email: string | null; backLabel: string }) {
  return (
    <div className="grid min-w-0 gap-2">
      {email && (
        <div className="flex min-w-0 items-center justify-between gap-2">
          <p className="min-w-0 flex-1 truncate px-2 text-sm text-muted" title={email}>
            {email}
          </p>
          <SignOutButton />
        </div>
      )}
      <SidebarFooter backLabel={backLabel} />
    </div>
  );
}
