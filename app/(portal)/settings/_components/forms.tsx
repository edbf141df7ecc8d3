"use client";
// The settings pages' interactive parts: forms whose result is shown where the operator
// acted, and secrets shown once with a copy button (kept in browser memory only: a reload
// forgets them, which is the point).
import Link from "next/link";
import { useActionState, useId, type ReactNode } from "react";
import { Alert, Field, Input, buttonClass, inputClass } from "@/app/_components/ui";
import { CopyButton, SubmitButton } from "@/app/_components/client";
import type { SecretResult, SettingsResult } from "../actions";

export function SecretReveal({ result }: { result: SecretResult }) {
  const id = useId();
  if (result.ok !== true) return null;
  return (
    <div className="space-y-3 rounded-md border border-emerald-200 bg-emerald-50 p-4" role="status">
      <p className="text-sm font-medium text-emerald-900">{result.message}</p>
      <div className="space-y-1.5">
        <label htmlFor={id} className="block text-sm font-medium text-emerald-900">
          {result.label}
        </label>
        <div className="flex items-center gap-2">
          <input id={id} readOnly value={result.secret} className={`${inputClass} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={result.secret} label={`Copy ${result.label.toLowerCase()}`} />
        </div>
        <p className="text-xs text-emerald-800">Shown only now: Roster cannot show it again. Store it where your application reads its secrets.</p>
      </div>
      {result.href ? (
        <Link prefetch={false} href={result.href} className={buttonClass("secondary", "sm")}>
          Open the endpoint
        </Link>
      ) : null}
    </div>
  );
}

export function EndpointFields({
  organizations,
  eventTypes,
  defaults,
}: {
  organizations: { id: string; name: string }[];
  eventTypes: readonly string[];
  defaults?: { url: string; description: string | null; organizationId: string | null; eventTypes: string[] };
}) {
  const id = useId();
  return (
    <div className="space-y-4">
      <Field label="Endpoint URL" htmlFor={`${id}-url`} hint="https, reachable from the internet. Roster POSTs each event here as JSON.">
        <Input id={`${id}-url`} name="url" type="url" required defaultValue={defaults?.url} placeholder="https://app.example.com/webhooks/roster" />
      </Field>
      <Field label="Description" htmlFor={`${id}-description`}>
        <Input id={`${id}-description`} name="description" defaultValue={defaults?.description ?? ""} placeholder="Provisioning sync (production)" />
      </Field>
      <Field label="Organizations" htmlFor={`${id}-org`} hint="Every organization's events, or one organization's.">
        <select id={`${id}-org`} name="organizationId" defaultValue={defaults?.organizationId ?? ""} className={inputClass}>
          <option value="">All organizations</option>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Event types</legend>
        <p className="text-xs text-slate-500">None ticked: every event type, including ones added later.</p>
        <div className="mt-2 grid grid-cols-1 gap-1.5 sm:grid-cols-2">
          {eventTypes.map((type) => (
            <label key={type} className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name="eventTypes" value={type} defaultChecked={defaults?.eventTypes.includes(type)} className="h-4 w-4 rounded border-slate-300" />
              <span className="font-mono text-xs">{type}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function SecretForm({
  action,
  submitLabel,
  pendingText,
  children,
  hidden = {},
  variant = "primary",
}: {
  action: (prev: SecretResult, formData: FormData) => Promise<SecretResult>;
  submitLabel: string;
  pendingText: string;
  children?: ReactNode;
  hidden?: Record<string, string>;
  variant?: "primary" | "secondary";
}) {
  const [state, formAction] = useActionState<SecretResult, FormData>(action, { ok: null });
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        {state.ok === false ? <Alert>{state.error}</Alert> : null}
        <SubmitButton variant={variant} pendingText={pendingText}>
          {submitLabel}
        </SubmitButton>
      </form>
      <SecretReveal result={state} />
    </div>
  );
}

/** A form (often one button) whose outcome is announced next to it. */
export function ActionForm({
  action,
  submitLabel,
  pendingText,
  hidden,
  variant = "secondary",
  children,
  className,
}: {
  action: (prev: SettingsResult, formData: FormData) => Promise<SettingsResult>;
  submitLabel: string;
  pendingText: string;
  hidden: Record<string, string>;
  variant?: "primary" | "secondary" | "danger";
  children?: ReactNode;
  className?: string;
}) {
  const [state, formAction] = useActionState<SettingsResult, FormData>(action, { ok: true });
  return (
    <form action={formAction} className={className ?? "flex flex-wrap items-center gap-2"}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <SubmitButton variant={variant} pendingText={pendingText}>
        {submitLabel}
      </SubmitButton>
      {state.ok === false ? <Alert>{state.error}</Alert> : null}
      {state.ok && state.message ? (
        <p role="status" className="text-sm text-emerald-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
