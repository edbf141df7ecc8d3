"use client";
// A consequential but reversible action (revoke a token, disable a directory) behind a
// confirmation dialog. The outcome is announced next to the trigger; failures stay in the
// dialog so the admin can read them where they acted.
import { useActionState, useEffect, useId, useRef, type ReactNode } from "react";
import { Alert, buttonClass } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";

export type DialogActionResult = { ok: boolean; error?: string; message?: string };

export function ConfirmDialog({
  triggerLabel,
  triggerAriaLabel,
  triggerVariant = "secondary",
  triggerSize = "md",
  title,
  description,
  confirmLabel,
  confirmVariant = "danger",
  pendingText,
  action,
  hidden,
}: {
  triggerLabel: string;
  /** A fuller accessible name when the visible label relies on its row ("Revoke"). */
  triggerAriaLabel?: string;
  triggerVariant?: "primary" | "secondary" | "danger" | "ghost";
  triggerSize?: "sm" | "md";
  title: string;
  description: ReactNode;
  confirmLabel: string;
  confirmVariant?: "primary" | "secondary" | "danger";
  pendingText?: string;
  action: (prev: DialogActionResult, formData: FormData) => Promise<DialogActionResult>;
  hidden: Record<string, string>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [state, formAction] = useActionState<DialogActionResult, FormData>(action, { ok: true });

  useEffect(() => {
    if (state.ok && state.message) ref.current?.close();
  }, [state]);

  return (
    <>
      <button
        type="button"
        aria-label={triggerAriaLabel}
        className={buttonClass(triggerVariant, triggerSize)}
        onClick={() => ref.current?.showModal()}
      >
        {triggerLabel}
      </button>
      {state.ok && state.message ? (
        <span role="status" className="sr-only">
          {state.message}
        </span>
      ) : null}
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={formAction} className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{description}</div>
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {state.ok === false && state.error ? <Alert>{state.error}</Alert> : null}
          <div className="flex justify-end gap-2 pt-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => ref.current?.close()}>
              Cancel
            </button>
            <SubmitButton variant={confirmVariant} pendingText={pendingText}>
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
