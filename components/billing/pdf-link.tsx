/** "Download PDF": a plain link (not next/link) so the browser downloads the route handler's file. */
import { FileDown } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";

export function InvoicePdfLink({ href, number }: { href: string; number: string | null }) {
  return (
    <a href={href} download={number ? `${number}.pdf` : true} className={buttonClasses({ variant: "secondary", size: "sm" }, "gap-1.5")} data-testid="invoice-pdf">
      <FileDown aria-hidden="true" className="size-4" />
      Download PDF<span className="sr-only"> of invoice {number}</span>
    </a>
  );
}
