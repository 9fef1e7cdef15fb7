"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import { createOrganizationAction } from "@/app/portal/organizations/actions";
import { organizationStrings } from "./strings";

const t = organizationStrings.create;

/** Same bounds as the server's schema, checked as you type (the server checks again). */
function nameProblem(value: string): string | undefined {
  const name = value.trim();
  if (name.length === 0) return undefined;
  if (name.length < 2) return "At least 2 characters.";
  if (name.length > 80) return "At most 80 characters.";
  return undefined;
}

export function CreateOrganizationForm() {
  const router = useRouter();
  const { toast } = useToast();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const form = useServerAction(createOrganizationAction, {
    onSuccess: (created) => {
      toast({ title: t.created(name.trim()) });
      router.push(`/portal/organizations/${created.id}`);
    },
  });
  const error = form.fieldError("name") ?? (touched ? nameProblem(name) : undefined);
  return (
    <form onSubmit={form.onSubmit} className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start" noValidate>
      <div className="sm:col-span-2 empty:hidden">
        <FormError result={form.result} />
      </div>
      <FormField label={t.name} name="name" hint={t.nameHint} error={error} required>
        <Input
          name="name"
          value={name}
          maxLength={80}
          autoComplete="organization"
          onChange={(event) => setName(event.target.value)}
          onBlur={() => setTouched(true)}
          required
        />
      </FormField>
      <Button type="submit" loading={form.pending} className="sm:mt-7">
        {t.submit}
      </Button>
    </form>
  );
}
