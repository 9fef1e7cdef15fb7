"use client";
/**
 * After a gateway sends the customer back, the payment is recorded when the gateway's webhook arrives (seconds,
 * usually). Until then this re-renders the page every few seconds, for up to two minutes, instead of a spinner forever.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Spinner } from "@/components/ui/spinner";
import { billingStrings } from "./strings";

const t = billingStrings.invoices;

export function PaymentPending({ intervalMs = 2000, maxMs = 120_000, title = t.confirmingTitle, text = t.confirmingText }: { intervalMs?: number; maxMs?: number; title?: string; text?: string }) {
  const router = useRouter();
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > maxMs) clearInterval(timer);
      else router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs, maxMs]);
  return (
    <Alert tone="info" title={<span className="flex items-center gap-2"><Spinner /> {title}</span>} live>
      {text}
    </Alert>
  );
}
