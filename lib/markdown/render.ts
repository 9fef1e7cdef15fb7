import "server-only";
/**
 * Markdown → safe HTML, on the server. Anything people type (ticket messages, announcements, CMS bodies) goes
 * through here: `marked` renders, `sanitize-html` keeps only a small allow-list of tags and attributes, so raw
 * HTML, scripts, event handlers, `javascript:` links and inline styles never reach the page. Links to other
 * sites open with rel="noopener noreferrer nofollow".
 */
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: true, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "hr", "strong", "b", "em", "i", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "img",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title"],
    code: ["class"],
    th: ["align"],
    td: ["align"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: false,
  allowedClasses: { code: [/^language-[\w-]+$/] },
  disallowedTagsMode: "escape",
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? "");
      return {
        tagName,
        attribs: external ? { ...attribs, rel: "noopener noreferrer nofollow", target: "_blank" } : { ...attribs, rel: "nofollow" },
      };
    },
  },
};

export interface RenderMarkdownOptions {
  /** Allow images (https only). Off by default: an image is a request the reader's browser makes to someone else. */
  images?: boolean;
}

/** Renders Markdown to sanitized HTML, safe for dangerouslySetInnerHTML. */
export function renderMarkdown(markdown: string, options: RenderMarkdownOptions = {}): string {
  const html = marked.parse(markdown ?? "") as string;
  if (options.images) return sanitizeHtml(html, SANITIZE);
  return sanitizeHtml(html, { ...SANITIZE, allowedTags: (SANITIZE.allowedTags as string[]).filter((t) => t !== "img") });
}

/** Sanitizes HTML that did not come from Markdown (e.g. an inbound email's HTML part) with the same rules. */
export function sanitizeUserHtml(html: string): string {
  return sanitizeHtml(html, { ...SANITIZE, allowedTags: (SANITIZE.allowedTags as string[]).filter((t) => t !== "img") });
}

/** Plain text of a Markdown string (for email bodies and previews): rendered, then every tag dropped. */
export function markdownToText(markdown: string): string {
  const html = marked.parse(markdown ?? "") as string;
  return sanitizeHtml(html.replace(/<\/(p|li|h\d|blockquote|pre|tr)>/g, "\n").replace(/<br\s*\/?>/g, "\n"), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
