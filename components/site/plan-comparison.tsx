import { Badge } from "@/components/ui/badge";
import type { VpnPlan } from "@/lib/catalogue/queries";
import { formatMoney } from "@/lib/format/money";
import { siteStrings } from "./strings";

const t = siteStrings.vpn;
const p = siteStrings.plans;

function money(amount: number | null, currency: string, missing: string) {
  return amount !== null ? formatMoney(amount, currency) : missing;
}

/**
 * Monthly vs yearly for every plan. A table with money right-aligned on wider screens; on phones the
 * same figures as one short list per plan, so nothing hides behind a horizontal scroll.
 */
export function PlanComparison({ plans }: { plans: VpnPlan[] }) {
  if (plans.length === 0) return null;
  return (
    <>
      <ul className="grid gap-3 sm:hidden">
        {plans.map((plan) => (
          <li key={plan.slug} className="rounded-xl border border-border bg-surface p-4 shadow-card">
            <p className="flex items-center justify-between gap-2 font-semibold text-fg">
              {plan.name}
              {plan.yearlySavingPercent !== null && <Badge tone="success">{p.save(plan.yearlySavingPercent)}</Badge>}
            </p>
            <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1.5 text-sm" data-numeric>
              <dt className="text-muted">{t.columns.devices}</dt>
              <dd className="text-right text-fg">{plan.deviceLimit ? p.devicesShort(plan.deviceLimit) : p.none}</dd>
              <dt className="text-muted">{t.columns.monthly}</dt>
              <dd className="text-right text-fg">{money(plan.prices.monthly, plan.currency, p.notOffered)}</dd>
              <dt className="text-muted">{t.columns.yearly}</dt>
              <dd className="text-right text-fg">{money(plan.prices.yearly, plan.currency, p.notOffered)}</dd>
              <dt className="text-muted">{t.columns.yearlyPerMonth}</dt>
              <dd className="text-right text-fg">{money(plan.yearlyPerMonth, plan.currency, p.none)}</dd>
            </dl>
          </li>
        ))}
      </ul>
    <div
      role="region"
      aria-label={t.compareCaption}
      tabIndex={0}
      className="hidden overflow-x-auto rounded-xl border border-border bg-surface shadow-card sm:block"
    >
      <table className="w-full min-w-[40rem] border-collapse text-sm">
        <caption className="sr-only">{t.compareCaption}</caption>
        <thead>
          <tr className="border-b border-border bg-bg-subtle text-left text-xs font-medium tracking-wide text-muted uppercase">
            <th scope="col" className="px-5 py-3 font-medium">
              {t.columns.plan}
            </th>
            <th scope="col" className="px-5 py-3 text-right font-medium">
              {t.columns.devices}
            </th>
            <th scope="col" className="px-5 py-3 text-right font-medium">
              {t.columns.monthly}
            </th>
            <th scope="col" className="px-5 py-3 text-right font-medium">
              {t.columns.yearly}
            </th>
            <th scope="col" className="px-5 py-3 text-right font-medium">
              {t.columns.yearlyPerMonth}
            </th>
            <th scope="col" className="px-5 py-3 text-right font-medium">
              {t.columns.saving}
            </th>
          </tr>
        </thead>
        <tbody>
          {plans.map((plan) => (
            <tr key={plan.slug} className="border-b border-border last:border-b-0">
              <th scope="row" className="px-5 py-4 text-left font-semibold text-fg">
                {plan.name}
              </th>
              <td className="px-5 py-4 text-right text-fg">
                {plan.deviceLimit ? p.devicesShort(plan.deviceLimit) : p.none}
              </td>
              <td className="px-5 py-4 text-right text-fg">
                {plan.prices.monthly !== null ? formatMoney(plan.prices.monthly, plan.currency) : p.notOffered}
              </td>
              <td className="px-5 py-4 text-right text-fg">
                {plan.prices.yearly !== null ? formatMoney(plan.prices.yearly, plan.currency) : p.notOffered}
              </td>
              <td className="px-5 py-4 text-right text-fg">
                {plan.yearlyPerMonth !== null ? formatMoney(plan.yearlyPerMonth, plan.currency) : p.none}
              </td>
              <td className="px-5 py-4 text-right">
                {plan.yearlySavingPercent !== null ? (
                  <Badge tone="success">{p.save(plan.yearlySavingPercent)}</Badge>
                ) : (
                  <span className="text-muted">{p.none}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
