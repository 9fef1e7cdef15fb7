import type { VpnPlan } from "@/lib/catalogue/queries";
import { PlanCard } from "./plan-card";
import { PlansEmpty } from "./plan-states";

export function PlanGrid({ plans, headingLevel = 3 }: { plans: VpnPlan[]; headingLevel?: 2 | 3 }) {
  if (plans.length === 0) return <PlansEmpty />;
  return (
    <div className="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
      {plans.map((plan) => (
        <PlanCard key={plan.slug} plan={plan} headingLevel={headingLevel} />
      ))}
    </div>
  );
}
