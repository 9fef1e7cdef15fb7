import "server-only";

/** What every PayPal event handler gets. */
export interface PayPalEventContext {
  now: Date;
}

/** The webhook body PayPal posts. */
export interface PayPalWebhookEvent {
  id: string;
  event_type: string;
  resource_type?: string;
  resource?: { id?: string; [key: string]: unknown };
  create_time?: string;
}
