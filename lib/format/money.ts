/**
 * Money display. Amounts are integer minor units (cents) everywhere in Skyport; this is the one place
 * they become text. No `server-only` marker: client components format prices too.
 *
 * The integer is turned into an exact decimal string before Intl sees it, so no float rounding can
 * creep in (Intl.NumberFormat accepts numeric strings).
 */

/**
 * Formatters and their currency's exponent, per locale and currency: building one, and even asking it for its
 * resolvedOptions() (a fresh object each time), costs more than formatting (issue #9: every money cell of an admin
 * table paid for both).
 */
const formatters = new Map<string, { nf: Intl.NumberFormat; exponent: number }>();

function formatter(currency: string, locale: string): { nf: Intl.NumberFormat; exponent: number } {
  const key = `${locale}|${currency}`;
  let entry = formatters.get(key);
  if (!entry) {
    const nf = new Intl.NumberFormat(locale, { style: "currency", currency });
    entry = { nf, exponent: nf.resolvedOptions().maximumFractionDigits ?? 2 };
    formatters.set(key, entry);
  }
  return entry;
}

/** How many minor units a currency has (USD 2, JPY 0, BHD 3), as Intl knows it. */
export function currencyExponent(currency: string): number {
  return formatter(currency.toUpperCase(), "en-US").exponent;
}

/** 1999 → "19.99" for a 2-digit currency, exactly. */
export function minorToDecimalString(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Money must be an integer number of minor units, got ${minor}`);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** formatMoney(1999, "USD") → "$19.99"; formatMoney(1999, "EUR", "de-DE") → "19,99 €". */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const code = currency.toUpperCase();
  const { nf, exponent } = formatter(code, locale);
  return nf.format(minorToDecimalString(minor, exponent) as Intl.StringNumericLiteral);
}
