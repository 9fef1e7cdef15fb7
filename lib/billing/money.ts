import "server-only";
/**
 * Integer money arithmetic. Every amount in billing is a safe integer of minor units (cents) next to an ISO 4217
 * code; nothing here ever produces or accepts a float amount.
 *
 * Rounding rule (one for the whole billing domain): **half away from zero** ("commercial" rounding), applied
 * exactly once per computed value. It is what customers and tax authorities expect on an invoice (HMRC and the
 * EU VAT rules accept it; banker's rounding makes 0.5-cent cases look wrong to people reading an invoice), and
 * because intermediate products are computed exactly with BigInt, the single rounding is the only one.
 *
 * Display lives in lib/format/money.ts.
 */

/** Currencies Skyport sells in, with their minor-unit exponents (ISO 4217). */
export const CURRENCY_EXPONENTS = { USD: 2, EUR: 2, GBP: 2 } as const;
export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;
export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as CurrencyCode[];

/** 10 000 basis points = 100 %. */
export const BPS_SCALE = 10_000;

export function isSupportedCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Normalises and checks a currency code; throws for anything we do not sell in. */
export function toCurrency(code: string): CurrencyCode {
  const upper = code.trim().toUpperCase();
  if (!isSupportedCurrency(upper)) throw new RangeError(`Unsupported currency "${code}" (supported: ${SUPPORTED_CURRENCIES.join(", ")})`);
  return upper;
}

export function currencyExponent(code: string): number {
  return CURRENCY_EXPONENTS[toCurrency(code)];
}

/** Throws unless `value` is a safe integer (a valid amount of minor units). Returns it for chaining. */
export function assertMinor(value: number, what = "amount"): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer number of minor units, got ${value}`);
  return value;
}

/** Sum of amounts; throws if any is not an integer or the result leaves the safe range. */
export function sumMinor(values: readonly number[]): number {
  let total = 0n;
  for (const v of values) total += BigInt(assertMinor(v));
  return fromBig(total);
}

/** amount × quantity, exactly. */
export function multiplyMinor(amount: number, quantity: number): number {
  assertMinor(amount);
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  return fromBig(BigInt(amount) * BigInt(quantity));
}

function fromBig(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} is outside the safe integer range`);
  }
  return Number(value);
}

/** numerator / denominator rounded half away from zero. The only rounding primitive in billing. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("division by zero");
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = abs / denominator;
  const r = abs % denominator;
  const rounded = r * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

function assertBps(bps: number): void {
  if (!Number.isSafeInteger(bps) || bps < 0) throw new RangeError(`basis points must be a non-negative integer, got ${bps}`);
}

/** amount × bps / 10 000, rounded once (half away from zero). 1999 at 2000 bps (20 %) → 400. */
export function percentOf(amount: number, bps: number): number {
  assertMinor(amount);
  assertBps(bps);
  return fromBig(divRound(BigInt(amount) * BigInt(bps), BigInt(BPS_SCALE)));
}

/**
 * The tax contained in a tax-inclusive gross amount: gross × bps / (10 000 + bps), rounded once.
 * 1199 incl. 20 % → 200 (net 999).
 */
export function inclusiveTaxOf(gross: number, bps: number): number {
  assertMinor(gross);
  assertBps(bps);
  return fromBig(divRound(BigInt(gross) * BigInt(bps), BigInt(BPS_SCALE + bps)));
}

/**
 * Splits `total` across `weights` in proportion, so that the parts are integers and add up to exactly `total`
 * (largest remainder method). Each part first gets floor(total × w / Σw); the units left over go one each to the
 * parts with the largest remainders, earlier parts first on ties. Negative totals are split by their magnitude.
 * All-zero weights split evenly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, "total");
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError("cannot allocate a non-zero total over no parts");
    return [];
  }
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative integers, got ${w}`);
  }
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  let ws = weights.map((w) => BigInt(w));
  let sumW = ws.reduce((a, b) => a + b, 0n);
  if (sumW === 0n) {
    ws = ws.map(() => 1n);
    sumW = BigInt(ws.length);
  }
  const parts = ws.map((w) => (abs * w) / sumW);
  const remainders = ws.map((w, i) => ({ i, r: (abs * w) % sumW }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left--;
  }
  return parts.map((p) => fromBig(p * sign));
}

/**
 * Parses a decimal string ("19.99", "-0.5", "1000") into minor units of `currency`, exactly. Refuses more
 * decimals than the currency has (no silent rounding of what a person or a gateway sent us).
 */
export function parseDecimal(value: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`"${value}" is not a decimal amount`);
  const [, minus, whole, fraction = ""] = match;
  if (fraction.length > exponent) throw new RangeError(`"${value}" has more than ${exponent} decimals for ${currency}`);
  const digits = `${whole}${fraction.padEnd(exponent, "0")}`;
  const amount = fromBig(BigInt(digits));
  return minus && amount !== 0 ? -amount : amount;
}

/** 1999 USD → "19.99" (what gateways such as PayPal expect). */
export function toDecimalString(minor: number, currency: string): string {
  assertMinor(minor);
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? "" : `.${digits.slice(-exponent)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
