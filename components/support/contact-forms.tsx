"use client";
import { useState } from "react";
import { submitContactAction, verifyContactAction } from "@/app/(site)/contact/actions";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ButtonLink } from "@/components/ui/button-link";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";

export function ContactForm({ departments }: { departments: Array<{ value: string; label: string }> }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useServerAction(submitContactAction, {
    onSuccess: (_d, el) => {
      setSentTo(String(new FormData(el!).get("email") ?? ""));
      el?.reset();
    },
  });
  if (sentTo) {
    return (
      <Alert tone="success" title="Check your inbox" live>
        We sent a link to {sentTo}. Click it to confirm, and we open your ticket and answer by email.
      </Alert>
    );
  }
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4" noValidate>
      <FormError result={form.result} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Your name" name="name" id="contact-name" error={form.fieldError("name")} optional>
          <Input name="name" autoComplete="name" maxLength={100} />
        </FormField>
        <FormField label="Email" name="email" id="contact-email" error={form.fieldError("email")} required>
          <Input name="email" type="email" autoComplete="email" />
        </FormField>
      </div>
      <FormField label="Topic" name="departmentId" id="contact-topic" error={form.fieldError("departmentId")} required>
        <Select name="departmentId" defaultValue={departments[0]?.value} options={departments} />
      </FormField>
      <FormField label="Subject" name="subject" id="contact-subject" error={form.fieldError("subject")} required>
        <Input name="subject" maxLength={150} />
      </FormField>
      <FormField label="Message" name="body" id="contact-body" error={form.fieldError("body")} required>
        <Textarea name="body" rows={7} maxLength={10000} />
      </FormField>
      {/* Honeypot: hidden from people and assistive tech; bots that fill every field are dropped silently. */}
      <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
        <label htmlFor="contact-website">Website</label>
        <input id="contact-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <div>
        <Button type="submit" loading={form.pending}>
          Send message
        </Button>
      </div>
    </form>
  );
}

export function ConfirmContactForm({ token }: { token: string }) {
  const form = useServerAction(verifyContactAction);
  if (form.result?.ok) {
    const { number, hasAccount } = form.result.data;
    return (
      <Alert tone="success" title={`Ticket ${number} is open`} live>
        <p>We will answer by email. Reply to our emails to add to the conversation.</p>
        {hasAccount && (
          <p className="mt-3">
            <ButtonLink href={`/portal/tickets/${number}`} size="sm">
              View it in your portal
            </ButtonLink>
          </p>
        )}
      </Alert>
    );
  }
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4">
      <input type="hidden" name="token" value={token} />
      <FormError result={form.result} />
      <div>
        <Button type="submit" loading={form.pending}>
          Confirm and send
        </Button>
      </div>
    </form>
  );
}
