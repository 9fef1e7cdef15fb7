"use client";
/**
 * The checkout form: billing period, currency (first order only), country/state/VAT ID, coupon, payment method,
 * and the order summary the server prices on every change (quoteCheckoutAction). "Place order" sends the same
 * fields with this render's idempotency key, so a double click makes one order.
 */
import { CircleCheck, Lock, Tag } from "lucide-react";
import { useRef, useState, useTransition } from "react";
import { placeOrderAction, quoteCheckoutAction } from "@/app/(site)/checkout/actions";
import { resendVerificationAction } from "@/app/portal/account/actions";
import { FormError } from "@/components/forms/form-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { BillingCycle } from "@/db/billing/schema";
import type { ActionResult } from "@/lib/errors";
import { formatMoney } from "@/lib/format/money";
import { QuoteSummary, type QuoteView } from "./quote-summary";
import { CYCLE_MONTHS, CYCLE_NAMES, CYCLE_PER, GATEWAY_HINTS, billingStrings } from "./strings";

const t = billingStrings.checkout;

export interface CheckoutPrice {
  cycle: BillingCycle;
  currency: string;
  amount: number;
  setupFee: number;
}

export interface CheckoutFormProps {
  plan: { slug: string; name: string };
  prices: CheckoutPrice[];
  currencies: string[];
  /** Set once the customer has ordered: their account's currency. */
  fixedCurrency: string | null;
  initial: { currency: string; cycle: BillingCycle | null; country: string; state: string; vatId: string };
  initialQuote: QuoteView | null;
  countries: Array<{ value: string; label: string }>;
  gateways: Array<{ gateway: string; label: string }>;
  viewer: { signedIn: false; signUpHref: string; signInHref: string } | { signedIn: true; email: string; emailVerified: boolean };
  idempotencyKey: string;
  /** Organizations the customer may bill this order to (owner, admin or billing role); none → no "Bill to" choice. */
  billTo?: Array<{ id: string; name: string }>;
}

function savingPercent(prices: CheckoutPrice[], price: CheckoutPrice): number | null {
  const months = CYCLE_MONTHS[price.cycle];
  const monthly = prices.find((p) => p.cycle === "monthly" && p.currency === price.currency);
  if (!months || months <= 1 || !monthly) return null;
  const full = monthly.amount * months;
  const percent = Math.floor(((full - price.amount) * 100) / full);
  return percent > 0 ? percent : null;
}

export function CheckoutForm(props: CheckoutFormProps) {
  const { plan, prices, viewer } = props;
  const [currency, setCurrency] = useState(props.initial.currency);
  const [cycle, setCycle] = useState<BillingCycle | null>(props.initial.cycle);
  const [country, setCountry] = useState(props.initial.country);
  const [region, setRegion] = useState(props.initial.state);
  const [vatId, setVatId] = useState(props.initial.vatId);
  const [useCredit, setUseCredit] = useState(false);
  const [billTo, setBillTo] = useState("");
  const [gateway, setGateway] = useState(props.gateways[0]?.gateway ?? "");
  const [couponInput, setCouponInput] = useState("");
  const [appliedCoupon, setAppliedCoupon] = useState<string | null>(null);
  const [couponMessage, setCouponMessage] = useState<string | null>(null);
  const [quote, setQuote] = useState<QuoteView | null>(props.initialQuote);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [quoting, startQuote] = useTransition();
  const [placing, startPlacing] = useTransition();
  const [placeResult, setPlaceResult] = useState<ActionResult<{ redirectTo: string }> | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const [resend, setResend] = useState<ActionResult<unknown> | null>(null);
  const sequence = useRef(0);

  const pricesInCurrency = prices.filter((p) => p.currency === currency);
  const state = { currency, cycle, country, region, vatId, useCredit, coupon: appliedCoupon, billTo };
  type State = typeof state;

  const formDataOf = (s: State) => {
    const data = new FormData();
    data.set("plan", plan.slug);
    data.set("cycle", s.cycle ?? "");
    data.set("currency", s.currency);
    data.set("billingCountry", s.country);
    data.set("billingState", s.region);
    data.set("vatId", s.vatId);
    if (s.coupon) data.set("couponCode", s.coupon);
    if (s.useCredit) data.set("useCredit", "on");
    if (s.billTo) data.set("organizationId", s.billTo);
    return data;
  };

  /** Re-prices with `changes`; `candidateCoupon` tries a new code without losing the applied one if it fails. */
  const requote = (changes: Partial<State>, candidateCoupon?: string) => {
    const next = { ...state, ...changes };
    if (!next.cycle) return;
    const data = formDataOf(candidateCoupon ? { ...next, coupon: candidateCoupon } : next);
    const id = ++sequence.current;
    startQuote(async () => {
      const result = await quoteCheckoutAction(data);
      if (id !== sequence.current) return;
      if (!result.ok) {
        setQuoteError(result.formError ?? Object.values(result.fieldErrors ?? {})[0]?.[0] ?? t.quoteFailed);
        return;
      }
      setQuoteError(null);
      if (candidateCoupon) {
        if (result.data.couponError) {
          // An inapplicable coupon changes nothing: keep the current quote and coupon.
          setCouponMessage(result.data.couponError);
          return;
        }
        setAppliedCoupon(result.data.coupon?.code ?? candidateCoupon);
        setCouponInput("");
        setCouponMessage(null);
      } else if (result.data.couponError && next.coupon) {
        // A change made the applied coupon inapplicable (e.g. another period): say so and price without it.
        setAppliedCoupon(null);
        setCouponMessage(`${next.coupon}: ${result.data.couponError}`);
      }
      setQuote(result.data);
    });
  };

  const place = () => {
    if (!cycle) return;
    const data = formDataOf(state);
    data.set("idempotencyKey", props.idempotencyKey);
    const dueNow = quote ? quote.totals.amountDue : 1;
    if (gateway && dueNow > 0) data.set("gateway", gateway);
    startPlacing(async () => {
      const result = await placeOrderAction(data);
      setPlaceResult(result);
      if (result.ok) {
        setRedirecting(true);
        window.location.assign(result.data.redirectTo);
      }
    });
  };

  const fieldError = (name: string) => (placeResult && !placeResult.ok ? placeResult.fieldErrors?.[name]?.[0] : undefined);
  // Account credit is personal: it never pays an organization's order.
  const creditAvailable = viewer.signedIn && quote && !billTo ? quote.creditBalance : 0;
  const coveredByCredit = Boolean(quote && useCredit && quote.totals.amountDue === 0);
  const gatewayLabel = props.gateways.find((g) => g.gateway === gateway)?.label;
  const canOrder = viewer.signedIn && viewer.emailVerified && Boolean(cycle) && Boolean(quote);
  const m = (minor: number, c = currency) => formatMoney(minor, c);
  const selectedPrice = pricesInCurrency.find((p) => p.cycle === cycle);

  return (
    <form
      className="grid grid-cols-1 gap-8 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start"
      onSubmit={(event) => {
        event.preventDefault();
        place();
      }}
      noValidate
      aria-busy={quoting || undefined}
    >
      <div className="grid min-w-0 gap-6">
        <Card as="section" aria-labelledby="checkout-period">
          <CardHeader>
            <CardTitle id="checkout-period">{t.planStep}</CardTitle>
          </CardHeader>
          <CardContent className="grid grid-cols-1 gap-5">
            {props.fixedCurrency ? (
              <p className="text-sm text-muted">{t.currencyFixed(props.fixedCurrency)}</p>
            ) : (
              props.currencies.length > 1 && (
                <FormField label={t.currency} name="currency" hint={t.currencyHint} error={fieldError("currency")} className="max-w-xs">
                  <Select
                    name="currency"
                    value={currency}
                    options={props.currencies.map((c) => ({ value: c, label: c }))}
                    onChange={(event) => {
                      const nextCurrency = event.target.value;
                      const nextCycle = prices.some((p) => p.currency === nextCurrency && p.cycle === cycle) ? cycle : (prices.find((p) => p.currency === nextCurrency)?.cycle ?? null);
                      setCurrency(nextCurrency);
                      setCycle(nextCycle);
                      requote({ currency: nextCurrency, cycle: nextCycle });
                    }}
                  />
                </FormField>
              )
            )}
            {pricesInCurrency.length === 0 ? (
              <Alert tone="warning">{t.notInCurrency(currency)}</Alert>
            ) : (
              <fieldset className="grid gap-3">
                <legend className="sr-only">{t.planStep}</legend>
                <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                  {pricesInCurrency.map((price) => {
                    const months = CYCLE_MONTHS[price.cycle];
                    const saving = savingPercent(prices, price);
                    const checked = price.cycle === cycle;
                    return (
                      <label
                        key={price.cycle}
                        className={cn(
                          "relative flex cursor-pointer flex-col gap-1 rounded-lg border p-4 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2",
                          checked ? "border-brand bg-brand-soft/40 ring-1 ring-brand" : "border-border hover:border-border-strong",
                        )}
                      >
                        <input
                          type="radio"
                          name="cycle"
                          value={price.cycle}
                          checked={checked}
                          className="sr-only"
                          onChange={() => {
                            setCycle(price.cycle);
                            requote({ cycle: price.cycle });
                          }}
                        />
                        <span className="flex items-center justify-between gap-2">
                          <span className="font-medium text-fg">{CYCLE_NAMES[price.cycle]}</span>
                          {saving !== null && <span className="rounded-full bg-success-soft px-2 py-0.5 text-xs font-medium text-success-soft-fg">{t.save(saving)}</span>}
                        </span>
                        <span className="text-lg font-semibold tabular-nums text-fg">
                          {m(price.amount)}
                          <span className="text-sm font-normal text-muted"> {CYCLE_PER[price.cycle]}</span>
                        </span>
                        {months && months > 1 && <span className="text-sm text-muted">{t.perMonthEquivalent(m(Math.ceil(price.amount / months)))}</span>}
                        {price.setupFee > 0 && <span className="text-sm text-muted">{t.setupFee(m(price.setupFee))}</span>}
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            )}
          </CardContent>
        </Card>

        <Card as="section" aria-labelledby="checkout-details">
          <CardHeader>
            <CardTitle id="checkout-details">{t.detailsStep}</CardTitle>
          </CardHeader>
          <CardContent className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2">
            {viewer.signedIn && props.billTo && props.billTo.length > 0 && (
              <FormField label={t.billTo} name="organizationId" hint={t.billToHint} error={fieldError("organizationId")} className="sm:col-span-2">
                <Select
                  name="organizationId"
                  value={billTo}
                  options={[{ value: "", label: t.billToPersonal }, ...props.billTo.map((o) => ({ value: o.id, label: o.name }))]}
                  onChange={(event) => {
                    const next = event.target.value;
                    setBillTo(next);
                    if (next) setUseCredit(false);
                    requote({ billTo: next, ...(next ? { useCredit: false } : {}) });
                  }}
                />
              </FormField>
            )}
            <FormField label={t.country} name="billingCountry" error={fieldError("billingCountry")} required>
              <Select
                name="billingCountry"
                value={country}
                placeholder={t.countryPlaceholder}
                options={props.countries}
                onChange={(event) => {
                  setCountry(event.target.value);
                  requote({ country: event.target.value });
                }}
              />
            </FormField>
            <FormField label={t.state} name="billingState" hint={t.stateHint} error={fieldError("billingState")} optional>
              <Input
                name="billingState"
                value={region}
                maxLength={10}
                autoComplete="address-level1"
                onChange={(event) => setRegion(event.target.value)}
                onBlur={() => requote({})}
              />
            </FormField>
            <FormField label={t.vatId} name="vatId" hint={t.vatIdHint} error={fieldError("vatId")} optional className="sm:col-span-2">
              <Input name="vatId" value={vatId} maxLength={32} onChange={(event) => setVatId(event.target.value)} onBlur={() => requote({})} />
            </FormField>
          </CardContent>
        </Card>

        {viewer.signedIn && (
          <Card as="section" aria-labelledby="checkout-payment">
            <CardHeader>
              <CardTitle id="checkout-payment">{t.paymentStep}</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              {creditAvailable > 0 && (
                <Checkbox
                  name="useCredit"
                  label={t.useCredit(m(creditAvailable))}
                  checked={useCredit}
                  onChange={(event) => {
                    setUseCredit(event.target.checked);
                    requote({ useCredit: event.target.checked });
                  }}
                />
              )}
              {coveredByCredit ? (
                <Alert tone="success">{t.coveredByCredit}</Alert>
              ) : props.gateways.length === 0 ? (
                <Alert tone="info">{t.noGateways}</Alert>
              ) : (
                <fieldset className="grid gap-2">
                  <legend className="sr-only">{t.paymentStep}</legend>
                  {props.gateways.map((g) => (
                    <label
                      key={g.gateway}
                      className={cn(
                        "flex cursor-pointer items-start gap-3 rounded-lg border p-4 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2",
                        gateway === g.gateway ? "border-brand ring-1 ring-brand" : "border-border hover:border-border-strong",
                      )}
                    >
                      <input type="radio" name="gateway" value={g.gateway} checked={gateway === g.gateway} onChange={() => setGateway(g.gateway)} className="mt-1 accent-brand" />
                      <span className="grid gap-0.5 text-sm">
                        <span className="font-medium text-fg">{g.label}</span>
                        {GATEWAY_HINTS[g.gateway] && <span className="text-muted">{GATEWAY_HINTS[g.gateway]}</span>}
                      </span>
                    </label>
                  ))}
                </fieldset>
              )}
            </CardContent>
          </Card>
        )}
      </div>

      <Card as="aside" aria-labelledby="checkout-summary" className="lg:sticky lg:top-6">
        <CardHeader>
          <CardTitle id="checkout-summary">{t.summary}</CardTitle>
          <p className="text-sm text-muted">{plan.name}</p>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-5">
          <div className="grid gap-2">
            {appliedCoupon ? (
              <div className="flex items-center justify-between gap-3 rounded-md bg-success-soft px-3 py-2 text-sm text-success-soft-fg" role="status">
                <span className="flex items-center gap-2">
                  <Tag aria-hidden="true" className="size-4" />
                  {t.couponApplied(appliedCoupon)}
                </span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => {
                    setAppliedCoupon(null);
                    setCouponMessage(null);
                    requote({ coupon: null });
                  }}
                >
                  {t.removeCoupon}
                </Button>
              </div>
            ) : (
              <div className="flex items-start gap-2">
                <FormField label={t.coupon} name="couponCode" error={couponMessage ?? fieldError("couponCode")} optional className="flex-1">
                  <Input
                    name="couponCode"
                    value={couponInput}
                    maxLength={64}
                    autoComplete="off"
                    className="uppercase"
                    onChange={(event) => {
                      setCouponInput(event.target.value);
                      setCouponMessage(null);
                    }}
                    onKeyDown={(event) => {
                      if (event.key === "Enter") {
                        event.preventDefault();
                        if (couponInput.trim()) requote({}, couponInput.trim());
                      }
                    }}
                  />
                </FormField>
                <Button
                  variant="secondary"
                  className="mt-[26px]"
                  disabled={!couponInput.trim() || !cycle}
                  loading={quoting && Boolean(couponInput.trim())}
                  onClick={() => requote({}, couponInput.trim())}
                >
                  {t.applyCoupon}
                </Button>
              </div>
            )}
            {appliedCoupon && quote?.coupon && (
              <p className="text-xs text-muted">
                {quote.coupon.duration === "once" ? t.couponOnce : quote.coupon.duration === "repeating" ? t.couponRepeating(quote.coupon.durationCycles) : t.couponForever}
              </p>
            )}
          </div>

          {quote ? <QuoteSummary quote={quote} className={cn(quoting && "opacity-60 transition-opacity")} /> : null}
          <p className="sr-only" role="status" aria-live="polite">
            {quoting ? t.updating : ""}
          </p>
          {quoteError && <Alert tone="danger">{quoteError}</Alert>}
          {quote && selectedPrice && cycle !== "one_time" && (
            <p className="text-xs text-muted">{t.renews(m(selectedPrice.amount), CYCLE_NAMES[selectedPrice.cycle].toLowerCase())}</p>
          )}

          <FormError result={placeResult} />

          {!viewer.signedIn ? (
            <div className="grid gap-3 rounded-lg border border-border bg-bg-subtle p-4">
              <p className="font-medium text-fg">{t.signedOutTitle}</p>
              <p className="text-sm text-muted">{t.signedOutText}</p>
              <ButtonLink href={viewer.signUpHref} fullWidth>
                {t.signUp}
              </ButtonLink>
              <ButtonLink href={viewer.signInHref} variant="secondary" fullWidth>
                {t.signIn}
              </ButtonLink>
            </div>
          ) : !viewer.emailVerified ? (
            <Alert
              tone="warning"
              title={t.unverifiedTitle}
              action={
                <div className="flex flex-wrap gap-2">
                  {resend?.ok ? (
                    <span className="flex items-center gap-1.5 text-sm">
                      <CircleCheck aria-hidden="true" className="size-4" />
                      {t.resent}
                    </span>
                  ) : (
                    <Button size="sm" variant="secondary" onClick={async () => setResend(await resendVerificationAction())}>
                      {t.resend}
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => window.location.reload()}>
                    {t.reload}
                  </Button>
                </div>
              }
            >
              {t.unverifiedText(viewer.email)}
              {resend && !resend.ok && <span className="mt-1 block">{resend.formError}</span>}
            </Alert>
          ) : (
            <Button type="submit" size="lg" fullWidth disabled={!canOrder || quoting} loading={placing || redirecting} loadingText={redirecting ? t.redirecting : t.placing}>
              {coveredByCredit || !gatewayLabel ? t.placeOrder : t.placeOrderAndPay(gatewayLabel)}
            </Button>
          )}
          <p className="flex items-start gap-2 text-xs text-muted">
            <Lock aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
            {t.secure}
          </p>
        </CardContent>
      </Card>
    </form>
  );
}
