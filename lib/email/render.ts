import "server-only";
/**
 * A plain email layout: a heading, paragraphs and at most one action link, as text and as HTML that reads
 * fine with images off and in clients that strip styles. Inputs are text, never HTML: everything is escaped.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface EmailContent {
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the message, e.g. why the reader got it. */
  footer?: string;
  /** Shown above the heading; defaults to "Skyport". */
  brand?: string;
}

export interface RenderedEmail {
  text: string;
  html: string;
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`renderEmail: action url must be absolute, got "${url}"`);
  }
  if (!["https:", "http:", "mailto:"].includes(parsed.protocol)) {
    throw new Error(`renderEmail: action url must be http(s) or mailto, got "${parsed.protocol}"`);
  }
  return parsed.toString();
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const brand = content.brand ?? "Skyport";
  const action = content.action ? { label: content.action.label, url: checkedUrl(content.action.url) } : undefined;

  const text = [
    content.heading,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(action ? [`${action.label}: ${action.url}`, ""] : []),
    ...(content.footer ? ["--", content.footer, ""] : []),
    `— ${brand}`,
  ].join("\n");

  const font = "font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;";
  const paragraphs = content.paragraphs
    .map((p) => `<p style="${font}font-size:16px;line-height:1.5;color:#1f2937;margin:0 0 16px">${escapeHtml(p)}</p>`)
    .join("\n");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="${font}display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px">${escapeHtml(action.label)}</a></p>
<p style="${font}font-size:13px;line-height:1.5;color:#4b5563;margin:0 0 16px">If the button does not work, open this link: <a href="${escapeHtml(action.url)}" style="color:#1d4ed8">${escapeHtml(action.url)}</a></p>`
    : "";
  const footer = content.footer
    ? `<p style="${font}font-size:12px;line-height:1.5;color:#6b7280;margin:24px 0 0">${escapeHtml(content.footer)}</p>`
    : "";

  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(content.heading)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px"><tr><td style="padding:32px">
<p style="${font}font-size:14px;font-weight:700;color:#1d4ed8;margin:0 0 24px">${escapeHtml(brand)}</p>
<h1 style="${font}font-size:22px;line-height:1.3;color:#111827;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${paragraphs}
${button}
${footer}
</td></tr></table>
</td></tr></table>
</body>
</html>`;
  return { text, html };
}
