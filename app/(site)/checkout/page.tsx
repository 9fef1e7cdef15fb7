import { PackageX } from "lucide-react";
import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { CheckoutForm, type CheckoutFormProps } from "@/components/billing/checkout-form";
import { countryOptions } from "@/components/billing/countries";
import { billingStrings, GATEWAY_NAMES } from "@/components/billing/strings";
import { ButtonLink } from "@/components/ui/button-link";
import { EmptyState } from "@/components/ui/empty-state";
import type { BillingCycle } from "@/db/billing/schema";
import { currentActor } from "@/lib/auth/guards";
import { quoteCart, SUPPORTED_CURRENCIES } from "@/lib/billing";
import { getSellableProduct } from "@/lib/billing/catalogue";
import { billingAccessFor, roleAllows } from "@/lib/billing/account-access";
import { getBillingProfile } from "@/lib/billing/profile";
import { listGatewayConfigs } from "@/lib/payments";
import { toQuoteView } from "./quote-view";

const t = billingStrings.checkout;

export const metadata: Metadata = { title: t.metaTitle, robots: { index: false, follow: false } };

/** Gateways a customer can pick at checkout (credit is the "use my credit" box instead). */
const CHECKOUT_GATEWAYS = ["stripe", "paypal", "bank_transfer"];

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function CheckoutPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const slug = one(params.plan)?.toLowerCase() ?? "";
  const product = slug ? await getSellableProduct(slug) : null;

  if (!product || product.prices.length === 0) {
    return (
      <div className="mx-auto max-w-3xl px-4 py-16 sm:px-6">
        <h1 className="sr-only">{t.title}</h1>
        <EmptyState
          icon={PackageX}
          headingLevel={2}
          title={t.unavailableTitle}
          description={t.unavailableText}
          action={<ButtonLink href="/vpn">{t.backToPlans}</ButtonLink>}
        />
      </div>
    );
  }

  const actor = await currentActor();
  const profile = actor ? await getBillingProfile(actor.userId) : null;
  // "Bill to": only organizations where the customer's role may place orders (owner, admin, billing).
  const billTo = actor ? (await billingAccessFor(actor.userId)).organizations.filter((o) => roleAllows(o.role, "orders.place")).map((o) => ({ id: o.id, name: o.name })) : [];
  const fixedCurrency = profile?.currency ?? null;
  const currencies = SUPPORTED_CURRENCIES.filter((c) => product.prices.some((p) => p.currency === c));
  const wanted = one(params.currency)?.toUpperCase();
  const currency = fixedCurrency ?? (wanted && currencies.includes(wanted as never) ? wanted : currencies.includes("USD") ? "USD" : (currencies[0] ?? "USD"));
  const inCurrency = product.prices.filter((p) => p.currency === currency);
  const wantedCycle = one(params.cycle);
  const cycle: BillingCycle | null =
    inCurrency.find((p) => p.cycle === wantedCycle)?.cycle ?? inCurrency.find((p) => p.cycle === "yearly")?.cycle ?? inCurrency[0]?.cycle ?? null;
  const country = profile?.country ?? "";
  const region = profile?.state ?? "";
  const vatId = profile?.vatId ?? "";

  const gateways = (await listGatewayConfigs())
    .filter((g) => CHECKOUT_GATEWAYS.includes(g.gateway) && g.enabled && (g.configured || g.gateway === "bank_transfer"))
    .sort((a, b) => CHECKOUT_GATEWAYS.indexOf(a.gateway) - CHECKOUT_GATEWAYS.indexOf(b.gateway))
    .map((g) => ({ gateway: g.gateway, label: GATEWAY_NAMES[g.gateway] ?? g.displayName }));

  let initialQuote = null;
  if (cycle) {
    try {
      initialQuote = toQuoteView(
        await quoteCart({
          customerId: actor?.userId,
          currency,
          items: [{ productSlug: product.slug, cycle, quantity: 1 }],
          billingCountry: country || "ZZ",
          billingState: region || undefined,
          vatId: vatId || undefined,
        }),
      );
    } catch {
      // e.g. a saved VAT ID that no longer validates: the form re-prices as soon as anything changes.
      initialQuote = null;
    }
  }

  const here = `/checkout?plan=${encodeURIComponent(product.slug)}${cycle ? `&cycle=${cycle}` : ""}`;
  const viewer: CheckoutFormProps["viewer"] = actor
    ? { signedIn: true, email: actor.email, emailVerified: actor.emailVerified }
    : { signedIn: false, signUpHref: `/sign-up?plan=${encodeURIComponent(product.slug)}`, signInHref: `/sign-in?next=${encodeURIComponent(here)}` };

  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6 sm:py-14">
      <header className="mb-8 max-w-2xl">
        <h1 className="text-3xl font-semibold tracking-tight text-fg sm:text-4xl">
          {t.title}: {product.name}
        </h1>
        <p className="mt-2 text-muted">{product.tagline ?? t.lead}</p>
      </header>
      <CheckoutForm
        plan={{ slug: product.slug, name: product.name }}
        prices={product.prices.map((p) => ({ cycle: p.cycle, currency: p.currency, amount: p.amount, setupFee: p.setupFee }))}
        currencies={[...currencies]}
        fixedCurrency={fixedCurrency}
        initial={{ currency, cycle, country, state: region, vatId }}
        initialQuote={initialQuote}
        countries={countryOptions()}
        gateways={gateways}
        viewer={viewer}
        idempotencyKey={randomUUID()}
        billTo={billTo}
      />
    </div>
  );
}
