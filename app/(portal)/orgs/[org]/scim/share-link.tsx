"use client";
// "Share setup link": a 7-day, single-use Admin Portal link an operator emails to the
// customer's IT admin. The URL is shown once, here, from the action's result.
import { useActionState, useId } from "react";
import { Alert, inputClass } from "@/app/_components/ui";
import { CopyButton, SubmitButton } from "@/app/_components/client";
import { createShareLinkAction, type ShareLinkResult } from "./actions";

export function ShareLinkButton({ slug }: { slug: string }) {
  const id = useId();
  const [state, action] = useActionState<ShareLinkResult, FormData>(createShareLinkAction, { ok: null });
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="slug" value={slug} />
        <SubmitButton variant="secondary" pendingText="Creating link…">
          Share setup link
        </SubmitButton>
        <p className="text-sm text-slate-600">For email: valid for 7 days, opens once.</p>
      </form>
      {state.ok === false ? <Alert>{state.error}</Alert> : null}
      {state.ok === true ? (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <label htmlFor={id} className="block text-sm font-medium text-amber-950">
            Setup link
          </label>
          <div className="flex gap-2">
            <input id={id} readOnly value={state.url} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={state.url} label="Copy link" className="shrink-0" />
          </div>
          <p className="text-sm text-amber-900" role="status">
            Send it to the customer&apos;s IT admin. It opens once, until{" "}
            {new Date(state.expiresAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" })}, and is shown only
            now.
          </p>
        </div>
      ) : null}
    </div>
  );
}
