import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { OrganizationRole } from "@/db/identity/schema";
import { organizationStrings as t } from "./strings";

const tones: Record<OrganizationRole, BadgeTone> = { owner: "brand", admin: "info", billing: "success", member: "neutral" };

/** A member's role as colour and word (the word carries the meaning). */
export function RoleBadge({ role }: { role: OrganizationRole }) {
  return (
    <Badge tone={tones[role]} data-role={role}>
      {t.roles[role].label}
    </Badge>
  );
}
