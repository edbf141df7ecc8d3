"use client";
import { useActionState } from "react";
import { Field, Input } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { createOrganizationAction, type ActionResult } from "./actions";

export function CreateOrganizationForm() {
  const [state, action] = useActionState<ActionResult, FormData>(createOrganizationAction, { ok: true });
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field label="Organization name" htmlFor="org-name" error={state.error}>
        <Input id="org-name" name="name" placeholder="Acme Corp" required maxLength={100} aria-invalid={Boolean(state.error)} />
      </Field>
      <SubmitButton pendingText="Creating…">Create organization</SubmitButton>
    </form>
  );
}
