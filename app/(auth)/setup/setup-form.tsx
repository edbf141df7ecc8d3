"use client";
import { useActionState } from "react";
import { Alert, Field, Input } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { createFirstOperatorAction, type FormState } from "../actions";

export function SetupForm() {
  const [state, action] = useActionState<FormState, FormData>(createFirstOperatorAction, {});
  const err = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.error ? <Alert>{state.error}</Alert> : null}
      <Field label="Your name" htmlFor="name" hint="Optional. Shown in the portal header.">
        <Input id="name" name="name" autoComplete="name" defaultValue={state.values?.name} />
      </Field>
      <Field label="Email" htmlFor="email" error={err.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.values?.email}
          aria-invalid={Boolean(err.email)}
        />
      </Field>
      <Field label="Password" htmlFor="password" error={err.password} hint="At least 10 characters.">
        <Input id="password" name="password" type="password" autoComplete="new-password" required aria-invalid={Boolean(err.password)} />
      </Field>
      <Field label="Confirm password" htmlFor="confirm" error={err.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={Boolean(err.confirm)} />
      </Field>
      <SubmitButton className="w-full" pendingText="Creating…">
        Create operator and sign in
      </SubmitButton>
    </form>
  );
}
