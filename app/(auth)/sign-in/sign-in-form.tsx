"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { authStrings } from "@/components/auth/strings";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { oauthSignInAction, signInAction, type SignInState } from "./actions";

const t = authStrings.signIn;

export function SignInForm({
  next,
  notice,
  challenge,
  oauthError,
  providers = [],
}: {
  next?: string;
  notice?: string;
  /** Set after a GitHub/Google sign-in for an account with two-step verification: only the code is asked. */
  challenge?: string;
  oauthError?: string;
  providers?: ReadonlyArray<"github" | "google">;
}) {
  const [state, setState] = useState<SignInState>(challenge ? { status: "two-factor" } : { status: "idle" });
  const [activeChallenge, setActiveChallenge] = useState(challenge);
  const [pending, startTransition] = useTransition();
  // Kept in client state between the password and the code steps; never sent back from the server.
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [method, setMethod] = useState<"totp" | "recovery">("totp");
  const twoFactor = state.status === "two-factor";

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    data.set("email", email);
    data.set("password", password);
    data.set("method", method);
    if (activeChallenge) data.set("challenge", activeChallenge);
    if (next) data.set("next", next);
    startTransition(async () => {
      const result = await signInAction(data);
      // A refused challenge (expired, locked, suspended) ends the provider step: the next try starts afresh.
      if (result.status === "error") setActiveChallenge(undefined);
      setState(result);
    });
  };

  if (twoFactor) {
    return (
      <form onSubmit={submit} className="grid gap-5" noValidate>
        <div className="grid gap-1">
          <h1 className="text-xl font-semibold text-fg">{t.twoFactorTitle}</h1>
          <p className="text-sm text-muted">{method === "totp" ? t.twoFactorHint : t.recoveryHint}</p>
        </div>
        {state.error && (
          <Alert tone="danger" live>
            {state.error}
          </Alert>
        )}
        <FormField label={method === "totp" ? t.code : t.recoveryCode} name="code" required>
          <Input
            key={method}
            name="code"
            autoComplete="one-time-code"
            inputMode={method === "totp" ? "numeric" : "text"}
            pattern={method === "totp" ? "[0-9 ]*" : undefined}
            maxLength={method === "totp" ? 7 : 24}
            autoFocus
            required
          />
        </FormField>
        <Button type="submit" loading={pending} loadingText={t.submitting} fullWidth>
          {t.verify}
        </Button>
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          <button
            type="button"
            className="text-brand underline-offset-4 hover:underline"
            onClick={() => setMethod(method === "totp" ? "recovery" : "totp")}
          >
            {method === "totp" ? t.useRecovery : t.useTotp}
          </button>
          <button
            type="button"
            className="text-muted underline-offset-4 hover:underline"
            onClick={() => {
              setPassword("");
              setActiveChallenge(undefined);
              setState({ status: "idle" });
            }}
          >
            {t.back}
          </button>
        </div>
      </form>
    );
  }

  return (
    <div className="grid gap-5">
      <form onSubmit={submit} className="grid gap-5" noValidate>
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold text-fg">{t.title}</h1>
        <p className="text-sm text-muted">{t.subtitle}</p>
      </div>
      {notice && <Alert tone="success">{notice}</Alert>}
      {state.status === "error" ? (
        <Alert tone="danger" live>
          {state.error}
        </Alert>
      ) : (
        oauthError && (
          <Alert tone="danger" live>
            {oauthError}
          </Alert>
        )
      )}
      <FormField label={t.email} name="email" required>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          maxLength={254}
          required
        />
      </FormField>
      <FormField label={t.password} name="password" required>
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          maxLength={1024}
          required
        />
      </FormField>
      <div className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="text-brand underline-offset-4 hover:underline">
          {t.forgot}
        </Link>
      </div>
      <Button type="submit" loading={pending} loadingText={t.submitting} fullWidth>
        {t.submit}
      </Button>
      </form>
      {providers.length > 0 && (
        <div className="grid gap-3">
          <p className="flex items-center gap-3 text-xs uppercase tracking-wide text-muted" aria-hidden="true">
            <span className="h-px flex-1 bg-border" />
            {t.oauthDivider}
            <span className="h-px flex-1 bg-border" />
          </p>
          {providers.map((provider) => (
            <form key={provider} action={oauthSignInAction}>
              <input type="hidden" name="provider" value={provider} />
              {next && <input type="hidden" name="next" value={next} />}
              <Button type="submit" variant="secondary" fullWidth>
                {t.continueWith(t.providerNames[provider] ?? provider)}
              </Button>
            </form>
          ))}
        </div>
      )}
      <p className="text-center text-sm text-muted">
        {t.noAccount}{" "}
        <Link href="/sign-up" className="font-medium text-brand underline-offset-4 hover:underline">
          {t.signUp}
        </Link>
      </p>
    </div>
  );
}
