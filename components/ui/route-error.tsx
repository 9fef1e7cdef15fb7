"use client";

import { useEffect } from "react";
import { Button, buttonClasses } from "./button";
import { ErrorState } from "./error-state";
import { RotateCcwIcon } from "./inline-icons";

export interface RouteErrorStrings {
  title: string;
  text: string;
  retry: string;
  home: string;
  reference: string;
}

/** Digest of a server error: the only detail production sends to the browser, useful for support. */
export function errorDigest(error: unknown): string | undefined {
  if (error && typeof error === "object" && "digest" in error && typeof error.digest === "string") return error.digest;
  return undefined;
}

/** Body of an error.tsx boundary: what happened, a retry, and a way out. */
export function RouteError({
  error,
  retry,
  strings,
  homeHref = "/",
  headingLevel = 1,
  className,
}: {
  error: unknown;
  retry: () => void;
  strings: RouteErrorStrings;
  homeHref?: string;
  headingLevel?: 1 | 2;
  className?: string;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className={className}>
      <ErrorState
        title={strings.title}
        description={strings.text}
        headingLevel={headingLevel}
        reference={errorDigest(error)}
        referenceLabel={strings.reference}
        actions={
          <>
            <Button onClick={() => retry()} icon={<RotateCcwIcon aria-hidden="true" className="size-4" />}>
              {strings.retry}
            </Button>
            {/* A full page load on purpose: it leaves the failed state behind, and keeps next/link out of the
                error boundaries' chunks, which every page loads. */}
            <a href={homeHref} className={buttonClasses({ variant: "secondary" })}>
              {strings.home}
            </a>
          </>
        }
      />
    </div>
  );
}
