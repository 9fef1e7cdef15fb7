/** Structured data for search engines. A data block, not a script: CSP does not apply and nothing executes. */
export function JsonLd({ data }: { data: Record<string, unknown> | Array<Record<string, unknown>> }) {
  // "<" is escaped so text inside the data can never close the element.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(data).replace(/</g, "\\u003c") }} />;
}
