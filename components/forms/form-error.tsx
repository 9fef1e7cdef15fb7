import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/errors";

/** The form-level error of an action result, announced when it appears. */
export function FormError({ result }: { result: ActionResult<unknown> | null }) {
  if (!result || result.ok || !result.formError) return null;
  return (
    <Alert tone="danger" live>
      {result.formError}
    </Alert>
  );
}
