import { Check, MonitorSmartphone } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button-link";
import { cn } from "@/components/ui/cn";
import type { VpnPlan } from "@/lib/catalogue/queries";
import { formatMoney } from "@/lib/format/money";
import { siteStrings } from "./strings";

const t = siteStrings.plans;

/** Checkout for a plan, on the yearly cycle when it is sold yearly (the better deal), else monthly. */
export function planCheckoutHref(slug: string, cycle: "monthly" | "yearly"): string {
  return `/checkout?plan=${encodeURIComponent(slug)}&cycle=${cycle}`;
}

export function PlanCard({ plan, headingLevel = 3 }: { plan: VpnPlan; headingLevel?: 2 | 3 }) {
  const Heading = `h${headingLevel}` as const;
  const { monthly, yearly } = plan.prices;
  const headlineAmount = monthly ?? plan.yearlyPerMonth;
  const headingId = `plan-${plan.slug}`;

  return (
    <article
      data-testid="plan-card"
      data-plan={plan.slug}
      aria-labelledby={headingId}
      className={cn(
        "relative flex flex-col rounded-xl border bg-surface p-6 shadow-card sm:p-7",
        plan.featured ? "border-brand ring-1 ring-brand" : "border-border",
      )}
    >
      {plan.featured && (
        <span className="absolute -top-3 left-6 rounded-full bg-brand px-2.5 py-0.5 text-xs font-semibold text-brand-fg">
          {t.featured}
        </span>
      )}
      <Heading id={headingId} className="text-lg font-semibold tracking-tight text-fg">
        {plan.name}
      </Heading>
      {plan.tagline && <p className="mt-1 text-sm text-muted">{plan.tagline}</p>}

      <p className="mt-4 flex items-center gap-2 text-sm font-medium text-fg">
        <MonitorSmartphone aria-hidden="true" className="size-4 text-brand" />
        {plan.deviceLimit ? t.devices(plan.deviceLimit) : t.unlimitedDevices}
      </p>

      <div className="mt-5 border-t border-border pt-5" data-numeric>
        {headlineAmount !== null && (
          <p className="flex items-baseline gap-1">
            <span className="text-4xl font-semibold tracking-tight text-fg">
              {formatMoney(headlineAmount, plan.currency)}
            </span>
            <span className="text-sm text-muted">{t.perMonth}</span>
          </p>
        )}
        <p className="mt-1 text-sm text-muted">{monthly !== null ? t.billedMonthly : t.yearlyOnly}</p>
        {monthly !== null && yearly !== null && (
          <p className="mt-3 flex flex-wrap items-center gap-2 text-sm text-fg">
            <span>{t.orYearly(formatMoney(yearly, plan.currency))}</span>
            {plan.yearlySavingPercent !== null && <Badge tone="success">{t.save(plan.yearlySavingPercent)}</Badge>}
          </p>
        )}
        {monthly === null && yearly !== null && (
          <p className="mt-3 text-sm text-fg">
            {formatMoney(yearly, plan.currency)}
            {t.perYear}
          </p>
        )}
      </div>

      {plan.features.length > 0 && (
        <ul className="mt-6 grid gap-2.5 text-sm">
          {plan.features.map((feature) => (
            <li key={feature} className="flex items-start gap-2.5 text-fg">
              <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success" />
              <span>{feature}</span>
            </li>
          ))}
        </ul>
      )}

      <div className="mt-auto pt-7">
        <ButtonLink
          href={planCheckoutHref(plan.slug, yearly !== null ? "yearly" : "monthly")}
          variant={plan.featured ? "primary" : "secondary"}
          size="lg"
          fullWidth
        >
          {t.choose(plan.name)}
        </ButtonLink>
      </div>
    </article>
  );
}
