import { LogOut } from "lucide-react";
import { signOutAction } from "@/app/(auth)/sign-out/actions";

/** A plain form post: works without JavaScript, and the server action checks Origin (CSRF). */
export function SignOutButton({ label = "Sign out" }: { label?: string }) {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm whitespace-nowrap text-muted hover:bg-surface-muted hover:text-fg"
      >
        <LogOut aria-hidden="true" className="size-4" />
        {label}
      </button>
    </form>
  );
}
