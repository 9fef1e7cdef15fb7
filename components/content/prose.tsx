import { cn } from "@/components/ui/cn";
import "./prose.css";

/** Sanitized HTML from lib/markdown/content.ts (never raw user input). */
export function Prose({ html, className, id }: { html: string; className?: string; id?: string }) {
  return <div id={id} className={cn("content-prose", className)} dangerouslySetInnerHTML={{ __html: html }} />;
}
