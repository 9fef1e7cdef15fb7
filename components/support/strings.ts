/** Support desk wording, in one place for translation. Statuses read from the reader's side. */
export const TICKET_STATUS_VALUES = ["open", "awaiting_customer", "awaiting_staff", "resolved", "closed"] as const;
export const TICKET_PRIORITY_VALUES = ["low", "normal", "high", "urgent"] as const;

export const supportStrings = {
  statusForCustomer: {
    open: "Open",
    awaiting_customer: "Waiting for you",
    awaiting_staff: "With our team",
    resolved: "Resolved",
    closed: "Closed",
  } as Record<string, string>,
  statusForStaff: {
    open: "Open",
    awaiting_customer: "Awaiting customer",
    awaiting_staff: "Awaiting staff",
    resolved: "Resolved",
    closed: "Closed",
  } as Record<string, string>,
  priority: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" } as Record<string, string>,
  portal: {
    title: "Support tickets",
    lead: "Ask us anything about your services, devices or invoices. We answer here and by email.",
    newTicket: "Open a ticket",
    emptyTitle: "No tickets yet",
    emptyText: "When something doesn't work, open a ticket and we'll help. You can attach screenshots or logs.",
    newTitle: "Open a ticket",
    newLead: "Tell us what happened. The more detail, the faster we can help.",
    replyLabel: "Your reply",
    send: "Send reply",
    sent: "Reply sent",
    resolve: "Mark as resolved",
    resolved: "Marked as resolved",
    closedNote: "This ticket is closed. Open a new ticket if you need more help.",
    rateTitle: "How did we do?",
    rated: "Thanks for your rating",
  },
  markdownHint: "Markdown works: **bold**, `code`, lists and links.",
  attachmentsHint: "Up to 5 files, 5 MB each (10 MB in total): png, jpg, gif, webp, pdf, zip, txt, log, conf, csv.",
} as const;
