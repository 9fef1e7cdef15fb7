import "server-only";
/**
 * Markdown → safe HTML for CMS pages and blog posts. `marked` parses (raw HTML in the source passes through it),
 * then `sanitize-html` keeps an allow-list: no script/style/iframe, no event handlers or inline styles, links only
 * to http(s)/mailto/relative URLs, images only from our own media route. External links get
 * rel="noopener noreferrer nofollow". Headings get ids so sections can be linked.
 *
 * The same function renders the editor's live preview and the public page, so what the editor sees is exactly
 * what is published.
 */
import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

export interface RenderOptions {
  /** The site's own origin (e.g. https://skyport.example); absolute links to it are treated as internal. */
  siteOrigin?: string;
}

export interface RenderedMarkdown {
  html: string;
  /** Headings (h2/h3) in order, for a table of contents. */
  headings: Array<{ depth: number; text: string; id: string }>;
}

const WORDS_PER_MINUTE = 220;
/** The widths lib/content/media.ts makes (kept here so the renderer has no dependency on storage). */
const MEDIA_WIDTHS = [320, 640, 1280];

export function slugifyHeading(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/<[^>]*>/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "section"
  );
}

/** Minutes to read the Markdown, at least 1. Code and markup count as words too, which is close enough. */
export function readingMinutes(markdown: string): number {
  const words = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/[#>*_`[\]()!-]/g, " ")
    .split(/\s+/)
    .filter(Boolean).length;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

/** Plain text of the Markdown (for excerpts and feed descriptions). */
export function markdownToPlainText(markdown: string, maxLength = 300): string {
  const html = new Marked({ gfm: true, async: false }).parse(markdown) as string;
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}

/**
 * Images come only from our media library: the site's CSP allows images from itself alone, and a third-party image
 * would tell another server who read the page (a tracking pixel). Editors upload images to the library instead.
 */
function isAllowedImageSource(src: string | undefined): boolean {
  if (!src) return false;
  return /^\/media\/[A-Za-z0-9._/-]+$/.test(src) && !src.includes("..");
}

function isExternal(href: string, siteOrigin: string | undefined): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith("//")) return false;
  try {
    const url = new URL(href);
    if (url.protocol === "mailto:") return false;
    return !siteOrigin || url.origin !== new URL(siteOrigin).origin;
  } catch {
    return true;
  }
}

export function sanitizeContentHtml(html: string, options: RenderOptions = {}): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "pre", "code", "ul", "ol", "li", "dl", "dt", "dd",
      "a", "img", "figure", "figcaption", "hr", "br", "strong", "em", "b", "i", "s", "del", "ins", "sub", "sup",
      "kbd", "mark", "small", "abbr", "span", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "input",
    ],
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
      abbr: ["title"],
      h1: ["id"], h2: ["id"], h3: ["id"], h4: ["id"], h5: ["id"], h6: ["id"],
      // GFM task lists render disabled checkboxes.
      input: ["type", "checked", "disabled"],
    },
    allowedClasses: { code: [/^language-[a-z0-9+#-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    // An image from anywhere else is dropped entirely rather than left as a broken tag.
    exclusiveFilter: (frame) =>
      (frame.tag === "img" && !isAllowedImageSource(frame.attribs.src)) || (frame.tag === "input" && frame.attribs.type !== "checkbox"),
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href ?? "";
        const out: Record<string, string> = { href };
        if (attribs.title) out.title = attribs.title;
        if (href && isExternal(href, options.siteOrigin)) out.rel = "noopener noreferrer nofollow";
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        // Attributes are rebuilt, so a srcset written by hand (which could point anywhere) never survives.
        const out: Record<string, string> = { src: attribs.src ?? "", alt: attribs.alt ?? "", loading: "lazy", decoding: "async" };
        if (attribs.title) out.title = attribs.title;
        for (const key of ["width", "height"] as const) if (/^\d{1,5}$/.test(attribs[key] ?? "")) out[key] = attribs[key]!;
        // One of our resized copies: the smaller ones exist too (copies are made for every width below the original).
        const variant = /^\/media\/([0-9a-f-]{36})\/(\d+)\.webp$/.exec(out.src ?? "");
        if (variant) {
          const widths = MEDIA_WIDTHS.filter((w) => w <= Number(variant[2]));
          if (widths.length > 1) {
            out.srcset = widths.map((w) => `/media/${variant[1]}/${w}.webp ${w}w`).join(", ");
            out.sizes = "(min-width: 52rem) 48rem, 100vw";
          }
        }
        return { tagName, attribs: out };
      },
      input: (tagName, attribs) => ({ tagName, attribs: { type: "checkbox", disabled: "", ...(attribs.checked !== undefined ? { checked: "" } : {}) } }),
    },
  });
}

/** Renders Markdown to sanitized HTML. Synchronous and pure: safe to call while rendering. */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderedMarkdown {
  const headings: RenderedMarkdown["headings"] = [];
  const used = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    async: false,
    renderer: {
      heading(this: { parser: { parseInline: (tokens: Tokens.Heading["tokens"]) => string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        const base = slugifyHeading(token.text);
        const n = used.get(base) ?? 0;
        used.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        if (token.depth === 2 || token.depth === 3) headings.push({ depth: token.depth, text: sanitizeHtml(inner, { allowedTags: [], allowedAttributes: {} }), id });
        return `<h${token.depth} id="${id}">${inner}</h${token.depth}>\n`;
      },
    },
  });
  const raw = marked.parse(markdown) as string;
  return { html: sanitizeContentHtml(raw, options), headings };
}
