import "server-only";
import type { SettleEvent } from "../../events";

/** What every PayPal event handler gets. */
export interface PayPalEventContext {
  now: Date;
  /** Marks the event processed inside the handler's transaction (lib/payments/events.ts). */
  settle?: SettleEvent;
}

/** The webhook body PayPal posts. */
export interface PayPalWebhookEvent {
  id: string;
  event_type: string;
  resource_type?: string;
  resource?: { id?: string; [key: string]: unknown };
  create_time?: string;
}
