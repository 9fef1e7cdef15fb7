/** Dates shown to people: absolute in UTC by default (unambiguous in support conversations). */
export function formatDateTime(date: Date | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date) + (timeZone === "UTC" ? " UTC" : "");
}

export function formatDate(date: Date | null | undefined, locale = "en-GB", timeZone = "UTC"): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(date);
}
