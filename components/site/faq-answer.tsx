/**
 * FAQ answers are short Markdown. Until the CMS's Markdown renderer is shared, this shows the subset FAQs use —
 * paragraphs and **bold** — as React text (escaped), so an answer can never inject markup.
 */
export function FaqAnswer({ markdown }: { markdown: string }) {
  const paragraphs = markdown.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <p key={i} className={i > 0 ? "mt-3" : undefined}>
          {paragraph.split("**").map((part, j) => (j % 2 === 1 ? <strong key={j} className="font-semibold text-fg">{part}</strong> : part))}
        </p>
      ))}
    </>
  );
}
