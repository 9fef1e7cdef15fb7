/** Shared look of text-like form controls; invalid state comes from aria-invalid set by FormField. */
export const controlClasses =
  "block w-full min-w-0 rounded-md border border-border-strong bg-surface px-3 text-base text-fg shadow-card " +
  "placeholder:text-muted transition-colors duration-150 sm:text-sm " +
  "hover:border-muted focus-visible:border-brand focus-visible:outline-2 focus-visible:outline-offset-0 " +
  "disabled:cursor-not-allowed disabled:bg-surface-muted disabled:text-muted " +
  "aria-[invalid=true]:border-danger aria-[invalid=true]:focus-visible:outline-danger";

/** Only for text entry: a <select> also matches :read-only and would look disabled. */
export const readOnlyClasses = "read-only:bg-surface-muted";
