/** Dates shown to people: absolute in UTC by default (unambiguous in support conversations). */

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (ICU loads the locale's patterns):
 * created per call it was the largest single cost of rendering an admin table (three date cells a row; issue #9,
 * 13% of the server's CPU under load). Formatters are kept per (style, locale, time zone); the map is bounded
 * because the locale and zone can come from people's settings.
 */
const MAX_FORMATTERS = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateFormatter(withTime: boolean, locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${withTime ? "dt" : "d"}|${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, withTime ? { dateStyle: "medium", timeStyle: "short", timeZone } : { dateStyle: "medium", timeZone });
    // Oldest first out: a Map iterates in insertion order.
    if (formatters.size >= MAX_FORMATTERS) formatters.delete(formatters.keys().next().value!);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** How many formatters are kept (for tests). */
export function cachedDateFormatterCount(): number {
  return formatters.size;
}

export function formatDateTime(date: Date | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!date) return "—";
  return dateFormatter(true, locale, timeZone).format(date) + (timeZone === "UTC" ? " UTC" : "");
}

export function formatDate(date: Date | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!date) return "—";
  return dateFormatter(false, locale, timeZone).format(date);
}
