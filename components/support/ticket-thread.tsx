import { Lock, Paperclip } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/lib/format/dates";
import type { MessageView } from "@/lib/support/queries";

function size(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * The conversation, oldest first. Message HTML comes from lib/markdown/render.ts (rendered and sanitized on the
 * server). Internal notes (only ever passed in for staff) are marked and tinted.
 */
export function TicketThread({ messages, attachmentBase }: { messages: MessageView[]; attachmentBase: string }) {
  return (
    <ol className="grid gap-4" aria-label="Conversation">
      {messages.map((m) => (
        <li
          key={m.id}
          data-testid={m.internal ? "internal-note" : "ticket-message"}
          className={cn(
            "rounded-xl border p-4",
            m.internal ? "border-warning/60 bg-warning-soft/40" : m.authorRole === "system" ? "border-dashed border-border bg-bg-subtle" : m.authorRole === "staff" ? "border-brand/30 bg-brand-soft/30" : "border-border bg-bg",
          )}
        >
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
            <span className="flex items-center gap-2 font-medium text-fg">
              {m.authorName}
              {m.internal && (
                <Badge tone="warning">
                  <Lock aria-hidden="true" className="size-3" /> Internal note
                </Badge>
              )}
            </span>
            <time dateTime={m.createdAt.toISOString()} className="text-xs text-muted tabular-nums">
              {formatDateTime(m.createdAt)}
            </time>
          </div>
          <div className="prose-ticket text-sm leading-relaxed break-words text-fg [&_a]:text-brand [&_a]:underline [&_code]:rounded [&_code]:bg-bg-subtle [&_code]:px-1 [&_li]:ml-5 [&_ol]:list-decimal [&_p+p]:mt-2 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-bg-subtle [&_pre]:p-3 [&_ul]:list-disc" dangerouslySetInnerHTML={{ __html: m.html }} />
          {m.attachments.length > 0 && (
            <ul className="mt-3 flex flex-wrap gap-2" aria-label="Attachments">
              {m.attachments.map((a) => (
                <li key={a.id}>
                  <a href={`${attachmentBase}/${a.id}`} className="inline-flex items-center gap-1.5 rounded-md border border-border px-2 py-1 text-xs text-fg hover:bg-bg-subtle" data-testid="attachment-link">
                    <Paperclip aria-hidden="true" className="size-3.5" />
                    {a.filename} <span className="text-muted">({size(a.sizeBytes)})</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
