"use client";
/**
 * Runs a server action from a form's onSubmit (not the `action` prop), so React does not reset the form:
 * what the person typed stays put when the server answers with an error (UX.md).
 */
import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/errors";

export interface ServerActionState<T> {
  pending: boolean;
  result: ActionResult<T> | null;
  fieldError: (name: string) => string | undefined;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  run: (formData: FormData) => void;
  reset: () => void;
}

export function useServerAction<T>(
  action: (formData: FormData) => Promise<ActionResult<T>>,
  options: { onSuccess?: (data: T, form: HTMLFormElement | null) => void } = {},
): ServerActionState<T> {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<T> | null>(null);

  const run = (formData: FormData, form: HTMLFormElement | null = null) => {
    startTransition(async () => {
      const next = await action(formData);
      setResult(next);
      if (next.ok) options.onSuccess?.(next.data, form);
    });
  };

  return {
    pending,
    result,
    fieldError: (name) => (result && !result.ok ? result.fieldErrors?.[name]?.[0] : undefined),
    onSubmit: (event) => {
      event.preventDefault();
      run(new FormData(event.currentTarget), event.currentTarget);
    },
    run: (formData) => run(formData),
    reset: () => setResult(null),
  };
}
