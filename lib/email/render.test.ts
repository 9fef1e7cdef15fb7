import { describe, expect, it } from "vitest";
import { escapeHtml, renderEmail } from "./render";

describe("renderEmail", () => {
  it("escapes every piece of text in the HTML and keeps the text version plain", () => {
    const { text, html } = renderEmail({
      heading: `Hi <b>"Bob"</b> & 'co'`,
      paragraphs: ["<script>alert(1)</script>", "Second paragraph."],
      action: { label: "Open <portal>", url: "https://skyport.test/portal?a=1&b=\"2\"" },
      footer: "You get this because you have an account.",
    });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("Hi &lt;b&gt;&quot;Bob&quot;&lt;/b&gt; &amp; &#39;co&#39;");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('href="https://skyport.test/portal?a=1&amp;b=%222%22"');
    expect(html).toContain("Open &lt;portal&gt;");
    expect(text).toBe(
      [
        `Hi <b>"Bob"</b> & 'co'`,
        "",
        "<script>alert(1)</script>",
        "",
        "Second paragraph.",
        "",
        "Open <portal>: https://skyport.test/portal?a=1&b=%222%22",
        "",
        "--",
        "You get this because you have an account.",
        "",
        "— Skyport",
      ].join("\n"),
    );
  });

  it("has one clear link and no images", () => {
    const { html } = renderEmail({ heading: "Reset", paragraphs: ["p"], action: { label: "Reset password", url: "https://x.test/r" } });
    expect(html).not.toMatch(/<img/i);
    expect(new Set([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(["https://x.test/r"]));
  });

  it("refuses links that are not http(s) or mailto", () => {
    expect(() => renderEmail({ heading: "x", paragraphs: [], action: { label: "x", url: "javascript:alert(1)" } })).toThrow(/http\(s\) or mailto/);
    expect(() => renderEmail({ heading: "x", paragraphs: [], action: { label: "x", url: "/relative" } })).toThrow(/absolute/);
  });

  it("escapeHtml covers the five characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
