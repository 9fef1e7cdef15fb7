"use client";

import { useState } from "react";
import { FormError } from "@/components/forms/form-error";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import {
  confirmTwoFactorAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTwoFactorAction,
} from "@/app/portal/account/actions";

function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = codes.join("\n");
  return (
    <Alert tone="warning" title="Save your recovery codes now" live>
      <p>Each code signs you in once if you lose your phone. They won't be shown again.</p>
      <ul aria-label="Recovery codes" className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm text-fg">
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ul>
      <a
        className="mt-3 inline-block text-sm font-medium underline"
        href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
        download="skyport-recovery-codes.txt"
      >
        Download as a text file
      </a>
    </Alert>
  );
}

export function TwoFactorCard({
  enabled,
  remainingRecoveryCodes,
  isStaff,
  required,
}: {
  enabled: boolean;
  remainingRecoveryCodes: number;
  isStaff: boolean;
  required: boolean;
}) {
  const start = useServerAction(async () => startTwoFactorAction());
  const confirm = useServerAction(confirmTwoFactorAction);
  const regenerate = useServerAction(regenerateRecoveryCodesAction);
  const disable = useServerAction(disableTwoFactorAction);
  const [showDisable, setShowDisable] = useState(false);
  const enrolment = start.result?.ok ? start.result.data : null;
  const codes = confirm.result?.ok ? confirm.result.data.recoveryCodes : regenerate.result?.ok ? regenerate.result.data.recoveryCodes : null;
  const isOn = (enabled || confirm.result?.ok) && !disable.result?.ok;

  return (
    <Card as="section" aria-labelledby="two-factor-title">
      <CardHeader>
        <CardTitle id="two-factor-title" className="flex items-center gap-2">
          Two-step verification <Badge tone={isOn ? "success" : "neutral"}>{isOn ? "On" : "Off"}</Badge>
        </CardTitle>
        <CardDescription>A code from an authenticator app, asked for after your password.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        {required && !isOn && (
          <Alert tone="warning" title="Staff accounts need two-step verification">
            Set it up to open the back office.
          </Alert>
        )}
        {codes && <RecoveryCodes codes={codes} />}

        {!isOn && !enrolment && (
          <div className="grid gap-3">
            <FormError result={start.result} />
            <div>
              <Button loading={start.pending} onClick={() => start.run(new FormData())}>
                Set up two-step verification
              </Button>
            </div>
          </div>
        )}

        {!isOn && enrolment && (
          <div className="grid gap-5 md:grid-cols-[auto_1fr] md:items-start">
            <figure className="grid justify-items-center gap-2">
              <div
                role="img"
                aria-label="QR code to scan with your authenticator app"
                className="size-48 rounded-md bg-white p-2"
                dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
              />
              <figcaption className="text-xs text-muted">Scan with your authenticator app</figcaption>
            </figure>
            <form onSubmit={confirm.onSubmit} className="grid max-w-sm gap-4" noValidate>
              <p className="text-sm text-muted">
                Can't scan? Enter this key instead:{" "}
                <code data-testid="totp-secret" className="font-mono text-fg break-all">
                  {enrolment.secret}
                </code>
              </p>
              <FormError result={confirm.result} />
              <FormField label="Code from the app" name="code" error={confirm.fieldError("code")} required>
                <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required />
              </FormField>
              <div>
                <Button type="submit" loading={confirm.pending}>
                  Turn on
                </Button>
              </div>
            </form>
          </div>
        )}

        {isOn && !codes && (
          <p className="text-sm text-muted">
            {remainingRecoveryCodes} recovery code{remainingRecoveryCodes === 1 ? "" : "s"} left.
          </p>
        )}

        {isOn && (
          <div className="grid gap-6 md:grid-cols-2">
            <form onSubmit={regenerate.onSubmit} className="grid gap-3" noValidate>
              <h3 className="text-sm font-semibold text-fg">New recovery codes</h3>
              <FormError result={regenerate.result} />
              <FormField label="Code from the app" id="regen-code" name="code" error={regenerate.fieldError("code")} required>
                <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required />
              </FormField>
              <div>
                <Button type="submit" variant="secondary" loading={regenerate.pending}>
                  Replace recovery codes
                </Button>
              </div>
            </form>
            {!isStaff && (
              <div className="grid content-start gap-3">
                <h3 className="text-sm font-semibold text-fg">Turn off</h3>
                {showDisable ? (
                  <form onSubmit={disable.onSubmit} className="grid gap-3" noValidate>
                    <FormError result={disable.result} />
                    <FormField label="Your password" id="disable-password" name="password" error={disable.fieldError("password")} required>
                      <Input name="password" type="password" autoComplete="current-password" required />
                    </FormField>
                    <div className="flex gap-2">
                      <Button type="submit" variant="danger" loading={disable.pending}>
                        Turn off two-step verification
                      </Button>
                      <Button type="button" variant="ghost" onClick={() => setShowDisable(false)}>
                        Cancel
                      </Button>
                    </div>
                  </form>
                ) : (
                  <div>
                    <Button variant="ghost" onClick={() => setShowDisable(true)}>
                      Turn off…
                    </Button>
                  </div>
                )}
              </div>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
