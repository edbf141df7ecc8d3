"use client";
import { useActionState } from "react";
import { Alert, Field, Input } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import type { Branding, BrandingInput } from "@/lib/branding";
import { type BrandingResult, saveBrandingAction } from "../actions";

export function BrandingForm({ saved, fromEnv }: { saved: BrandingInput; fromEnv: Branding }) {
  const [state, action] = useActionState<BrandingResult, FormData>(saveBrandingAction, { ok: true });
  const envHint = (value: string | undefined, name: string) =>
    value ? `Empty: ${value} (from ${name}).` : `Empty: Roster's default (or set ${name}).`;
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message ? <Alert tone="green">{state.message}</Alert> : null}
      {state.ok === false && state.error ? <Alert>{state.error}</Alert> : null}
      <Field label="Application name" htmlFor="brand-name" hint={envHint(fromEnv.applicationName, "ROSTER_APP_NAME")}>
        <Input id="brand-name" name="applicationName" defaultValue={saved.applicationName ?? ""} maxLength={60} placeholder="Hero SaaS" />
      </Field>
      <Field label="Logo URL" htmlFor="brand-logo" hint={envHint(fromEnv.logoUrl, "ROSTER_APP_LOGO_URL")}>
        <Input id="brand-logo" name="logoUrl" type="url" defaultValue={saved.logoUrl ?? ""} placeholder="https://app.example.com/logo.svg" />
      </Field>
      <Field
        label="Accent colour"
        htmlFor="brand-accent"
        hint={`${envHint(fromEnv.accentColor, "ROSTER_ACCENT_COLOR")} Buttons use white text on it: pick a dark enough colour.`}
      >
        <Input id="brand-accent" name="accentColor" defaultValue={saved.accentColor ?? ""} placeholder="#4f46e5" pattern="#[0-9a-fA-F]{6}" />
      </Field>
      <SubmitButton pendingText="Saving…">Save branding</SubmitButton>
    </form>
  );
}
