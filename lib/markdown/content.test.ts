import { describe, expect, it } from "vitest";
import { markdownToPlainText, readingMinutes, renderMarkdown } from "./content";

const render = (md: string) => renderMarkdown(md, { siteOrigin: "https://skyport.example" }).html;

describe("renderMarkdown", () => {
  it("renders Markdown with heading anchors, code and tables", () => {
    const { html, headings } = renderMarkdown("## Why *WireGuard*\n\n```ini\n[Peer]\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n## Why *WireGuard*");
    expect(html).toContain('<h2 id="why-wireguard">Why <em>WireGuard</em></h2>');
    expect(html).toContain('<h2 id="why-wireguard-1">');
    expect(html).toContain('<code class="language-ini">[Peer]');
    expect(html).toContain('<td align="right">2</td>');
    expect(headings).toEqual([
      { depth: 2, text: "Why WireGuard", id: "why-wireguard" },
      { depth: 2, text: "Why WireGuard", id: "why-wireguard-1" },
    ]);
  });

  it("strips scripts, event handlers, styles, iframes and javascript: links", () => {
    const html = render(
      [
        "Hello <script>window.__pwned = true</script> world",
        '<img src="/media/abc/640.webp" onerror="window.__pwned=1" alt="ok">',
        '<a href="javascript:alert(1)">click</a> [md link](javascript:alert(2)) [data](data:text/html,<b>x</b>)',
        '<div style="background:url(x)" onclick="x()">styled</div>',
        '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
        '<svg><script>alert(1)</script></svg><form action="/x"><input name="q"></form>',
        "<a href=\"JaVaScRiPt:alert(3)\">mixed</a>",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/<script|__pwned|onerror|onclick|javascript:|style=|<iframe|<style|<svg|<form|data:/i);
    expect(html).toContain('<img src="/media/abc/640.webp" alt="ok"');
    expect(html).toContain("world");
    expect(html).toContain("styled");
  });

  it("keeps images only from our media route (the CSP allows no others; no tracking pixels)", () => {
    const html = render("![a](/media/x/320.webp) ![b](https://cdn.example/b.png) ![c](http://insecure.example/c.png) ![d](../../etc/passwd) ![e](//evil.example/e.png)");
    expect(html).toContain('src="/media/x/320.webp"');
    expect(html).not.toContain("cdn.example");
    expect(html).not.toContain("insecure.example");
    expect(html).not.toContain("passwd");
    expect(html).not.toContain("evil.example");
    expect(html).toContain('loading="lazy"');
    const id = "01a20120-fdf6-7527-91b7-6511f20733a5";
    const responsive = render(`![r](/media/${id}/1280.webp) <img src="/media/${id}/640.webp" srcset="https://evil.example/x.png 2x" alt="s">`);
    expect(responsive).toContain(`srcset="/media/${id}/320.webp 320w, /media/${id}/640.webp 640w, /media/${id}/1280.webp 1280w"`);
    expect(responsive).toContain(`srcset="/media/${id}/320.webp 320w, /media/${id}/640.webp 640w"`);
    expect(responsive).not.toContain("evil.example");
  });

  it("marks external links nofollow noopener and leaves internal ones alone", () => {
    const html = render("[ext](https://wireguard.com) [int](/pricing) [abs](https://skyport.example/faq) [mail](mailto:a@b.c)");
    expect(html).toContain('<a href="https://wireguard.com" rel="noopener noreferrer nofollow">ext</a>');
    expect(html).toContain('<a href="/pricing">int</a>');
    expect(html).toContain('<a href="https://skyport.example/faq">abs</a>');
    expect(html).toContain('<a href="mailto:a@b.c">mail</a>');
  });

  it("estimates reading time and plain text", () => {
    expect(readingMinutes("word ".repeat(1100))).toBe(5);
    expect(readingMinutes("")).toBe(1);
    expect(markdownToPlainText("## Title\n\nSome **bold** <script>x()</script>text.", 100)).toBe("Title Some bold text.");
  });
});
