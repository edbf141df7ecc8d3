"use client";
import { useActionState } from "react";
import { Alert, Field, Input } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { renameOrganizationAction, type ActionResult } from "../../actions";

export function RenameOrganizationForm({ slug, name }: { slug: string; name: string }) {
  const [state, action] = useActionState<ActionResult, FormData>(renameOrganizationAction, { ok: true });
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      {state.message ? <Alert tone="green">{state.message}</Alert> : null}
      <Field label="Name" htmlFor="rename-name" error={state.error} hint={`The URL slug stays ${slug}.`}>
        <Input id="rename-name" name="name" defaultValue={name} required maxLength={100} aria-invalid={Boolean(state.error)} />
      </Field>
      <SubmitButton pendingText="Saving…">Save name</SubmitButton>
    </form>
  );
}
