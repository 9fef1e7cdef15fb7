import { Compass } from "lucide-react";
import { ButtonLink } from "./button-link";

/** 404 body inside the portal or admin shell (the sidebar stays, so the way out is visible). */
export function AreaNotFound({
  title,
  text,
  actionHref,
  actionLabel,
}: {
  title: string;
  text: string;
  actionHref: string;
  actionLabel: string;
}) {
  return (
    <div className="flex flex-col items-center px-4 py-20 text-center">
      <span className="grid size-12 place-items-center rounded-full bg-brand-soft text-brand-soft-fg">
        <Compass aria-hidden="true" className="size-6" />
      </span>
      <p className="mt-5 font-mono text-sm font-semibold text-brand">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-fg">{title}</h1>
      <p className="mt-3 max-w-md text-sm text-muted">{text}</p>
      <ButtonLink href={actionHref} className="mt-6">
        {actionLabel}
      </ButtonLink>
    </div>
  );
}
