import "server-only";
/**
 * Taxes: rates by country and state (tax_rates), inclusive or exclusive, rounded once per line in minor units;
 * EU VAT IDs validated by format (per-country table) with reverse charge for B2B buyers in another EU country.
 *
 * Reverse charge rule: the buyer is in the EU, gives a VAT ID that is well-formed for their country (and that
 * VIES, when reachable, did not reject), and the seller (`company.country` in ops settings) is in another
 * country. The supply is then invoiced without VAT and the buyer accounts for it. This also covers a non-EU
 * seller (e.g. GB) selling services to EU businesses, where the place of supply is the buyer's country.
 */
import { and, eq, inArray } from "drizzle-orm";
import { billingDb } from "@/db/billing/client";
import { taxRates } from "@/db/billing/schema";
import { inclusiveTaxOf, percentOf } from "./money";

export const EU_COUNTRIES = [
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
  "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
] as const;
export type EuCountry = (typeof EU_COUNTRIES)[number];

export function isEuCountry(country: string | null | undefined): country is EuCountry {
  return !!country && (EU_COUNTRIES as readonly string[]).includes(country.toUpperCase());
}

/** VAT number formats after the country prefix (European Commission VIES documentation). Greece uses `EL`. */
export const VAT_ID_PATTERNS: Record<EuCountry, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  GR: /^\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};

/** The prefix a VAT ID carries for a country (ISO code, except Greece: EL). */
export const vatPrefixOf = (country: EuCountry): string => (country === "GR" ? "EL" : country);

export type VatIdFormatResult =
  | { valid: true; country: EuCountry; prefix: string; number: string; normalized: string }
  | { valid: false; reason: string };

/** Strips spaces, dots and dashes and upper-cases: "de 123.456.789" → "DE123456789". */
export function normalizeVatId(input: string): string {
  return input.replace(/[\s.\-]/g, "").toUpperCase();
}

/**
 * Checks a VAT ID's format. With `country`, the ID must belong to that country (a German company gives a DE
 * number); the prefix may be omitted then. Without it, the prefix decides the country.
 */
export function validateVatIdFormat(input: string, country?: string | null): VatIdFormatResult {
  const normalized = normalizeVatId(input);
  if (!normalized) return { valid: false, reason: "Enter a VAT ID." };
  let target: EuCountry | undefined;
  if (country) {
    const upper = country.toUpperCase();
    if (!isEuCountry(upper)) return { valid: false, reason: `VAT IDs are checked for EU countries only (${upper} is not one).` };
    target = upper;
  }
  let prefix = normalized.slice(0, 2);
  let number = normalized.slice(2);
  const prefixCountry = prefix === "EL" ? "GR" : prefix;
  if (/^[A-Z]{2}$/.test(prefix) && (isEuCountry(prefixCountry) || prefix === "EL")) {
    if (target && prefixCountry !== target) {
      return { valid: false, reason: `This VAT ID is for ${prefixCountry}, but the billing country is ${target}.` };
    }
    target = prefixCountry as EuCountry;
  } else if (target) {
    // No recognised prefix: the whole input is the number for the billing country.
    prefix = vatPrefixOf(target);
    number = normalized;
  } else {
    return { valid: false, reason: "A VAT ID starts with its EU country code, e.g. DE123456789." };
  }
  if (prefix !== vatPrefixOf(target)) {
    return { valid: false, reason: `VAT IDs of ${target} start with ${vatPrefixOf(target)}.` };
  }
  if (!VAT_ID_PATTERNS[target].test(number)) {
    return { valid: false, reason: `This is not a valid ${target} VAT ID format.` };
  }
  return { valid: true, country: target, prefix, number, normalized: `${prefix}${number}` };
}

export interface VatIdCheck {
  valid: boolean;
  source: "vies" | "format";
  /** verified = VIES confirmed; unverified = well-formed, VIES not reachable; invalid = bad format or VIES said no. */
  status: "verified" | "unverified" | "invalid";
  checkedAt: number;
  name?: string;
  reason?: string;
}

/** VIES lookup (https://ec.europa.eu/taxation_customs/vies): null when the service cannot be reached. */
export type ViesLookup = (prefix: string, number: string) => Promise<{ valid: boolean; name?: string } | null>;

/** Format-only: every lookup is "not reachable", so checks are recorded as "unverified" (VIES_API_BASE unset). */
export const offlineViesLookup: ViesLookup = async () => null;

export async function checkVatId(
  vatId: string,
  country: string | null | undefined,
  options: { lookup?: ViesLookup; now?: Date } = {},
): Promise<VatIdCheck & { normalized?: string }> {
  const checkedAt = (options.now ?? new Date()).getTime();
  const format = validateVatIdFormat(vatId, country);
  if (!format.valid) return { valid: false, source: "format", status: "invalid", checkedAt, reason: format.reason };
  let answer: Awaited<ReturnType<ViesLookup>> = null;
  try {
    // Without an explicit lookup, the configured VIES client (VIES_API_BASE), else format-only.
    const lookup = options.lookup ?? (await import("./vies")).configuredViesLookup() ?? offlineViesLookup;
    answer = await lookup(format.prefix, format.number);
  } catch {
    answer = null;
  }
  if (!answer) return { valid: true, source: "format", status: "unverified", checkedAt, normalized: format.normalized };
  return {
    valid: answer.valid,
    source: "vies",
    status: answer.valid ? "verified" : "invalid",
    checkedAt,
    name: answer.name,
    normalized: format.normalized,
    reason: answer.valid ? undefined : "VIES reports this VAT ID as not valid.",
  };
}

export interface TaxRate {
  id: string | null;
  name: string;
  country: string;
  state: string;
  rateBps: number;
  inclusive: boolean;
}

type TaxDb = Pick<ReturnType<typeof billingDb>, "select">;

/** The active rate for a place: the state's own rate wins over the country-wide one. */
export async function findTaxRate(country: string, state?: string | null, db: TaxDb = billingDb()): Promise<TaxRate | null> {
  const c = country.toUpperCase();
  const s = (state ?? "").toUpperCase();
  const rows = await db
    .select({
      id: taxRates.id,
      name: taxRates.name,
      country: taxRates.country,
      state: taxRates.state,
      rateBps: taxRates.rateBps,
      inclusive: taxRates.inclusive,
    })
    .from(taxRates)
    .where(and(eq(taxRates.country, c), eq(taxRates.active, true), inArray(taxRates.state, s ? [s, ""] : [""])));
  return rows.find((r) => r.state === s) ?? rows.find((r) => r.state === "") ?? null;
}

export interface TaxDecision {
  /** The rate charged on each line; null = no tax (no rate for the place, exempt, or reverse charge). */
  rate: TaxRate | null;
  reverseCharge: boolean;
  /**
   * The place's own rate when it was not charged (reverse charge): if it is inclusive, catalogue prices contain
   * VAT and a reverse-charged buyer pays them without it.
   */
  waivedRate: TaxRate | null;
  vatCheck: VatIdCheck | null;
  /** Why, in words, for the quote and the invoice. */
  note: string | null;
}

export interface DecideTaxInput {
  billingCountry: string;
  billingState?: string | null;
  vatId?: string | null;
  taxExempt?: boolean;
  sellerCountry: string;
  viesLookup?: ViesLookup;
  now?: Date;
}

export async function decideTax(input: DecideTaxInput, db: TaxDb = billingDb()): Promise<TaxDecision> {
  const country = input.billingCountry.toUpperCase();
  const seller = input.sellerCountry.toUpperCase();
  const placeRate = await findTaxRate(country, input.billingState, db);
  const vatCheck = input.vatId ? await checkVatId(input.vatId, country, { lookup: input.viesLookup, now: input.now }) : null;
  if (input.taxExempt) {
    return { rate: null, reverseCharge: false, waivedRate: placeRate, vatCheck, note: "Tax exempt" };
  }
  if (vatCheck && vatCheck.status !== "invalid" && isEuCountry(country) && country !== seller) {
    return {
      rate: null,
      reverseCharge: true,
      waivedRate: placeRate,
      vatCheck,
      note: "Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).",
    };
  }
  return { rate: placeRate, reverseCharge: false, waivedRate: null, vatCheck, note: null };
}

export interface LineTax {
  /** Amount before tax. */
  net: number;
  tax: number;
  /** What the customer pays for the line. */
  gross: number;
  rateBps: number;
}

/**
 * Tax of one line, rounded once. `amount` is the line after discounts; for an inclusive rate it already contains
 * the tax (which is extracted), for an exclusive rate the tax is added on top.
 */
export function computeLineTax(amount: number, rate: Pick<TaxRate, "rateBps" | "inclusive"> | null): LineTax {
  if (!rate || rate.rateBps === 0) return { net: amount, tax: 0, gross: amount, rateBps: 0 };
  if (rate.inclusive) {
    const tax = inclusiveTaxOf(amount, rate.rateBps);
    return { net: amount - tax, tax, gross: amount, rateBps: rate.rateBps };
  }
  const tax = percentOf(amount, rate.rateBps);
  return { net: amount, tax, gross: amount + tax, rateBps: rate.rateBps };
}

/** A catalogue price as a buyer under this decision pays it before tax: inclusive VAT is removed when waived. */
export function priceForDecision(unitAmount: number, decision: Pick<TaxDecision, "rate" | "waivedRate">): number {
  if (!decision.rate && decision.waivedRate?.inclusive) return unitAmount - inclusiveTaxOf(unitAmount, decision.waivedRate.rateBps);
  return unitAmount;
}
