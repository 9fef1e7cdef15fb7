import "server-only";
/**
 * The shape of every server action: parse with zod, authorize, call one service, return ActionResult.
 * Thrown AppErrors become form errors here and nowhere else. Next's redirect/notFound control-flow errors are
 * re-thrown untouched.
 */
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { toActionResult, validation, type ActionResult } from "@/lib/errors";

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData | Record<string, unknown>): z.infer<S> {
  const input = formData instanceof FormData ? Object.fromEntries(formData) : formData;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validation(fieldErrorsOf(parsed.error));
  return parsed.data;
}

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    unstable_rethrow(error);
    return toActionResult(error);
  }
}
