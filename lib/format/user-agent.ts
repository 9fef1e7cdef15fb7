import Bowser from "bowser";

/** "Firefox on Linux" from a User-Agent header, for session and sign-in lists. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  try {
    const parsed = Bowser.parse(userAgent);
    const browser = parsed.browser.name;
    const os = parsed.os.name;
    if (browser && os) return `${browser} on ${os}`;
    return browser ?? os ?? "Unknown device";
  } catch {
    return "Unknown device";
  }
}
