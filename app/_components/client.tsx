"use client";
// Interactive primitives: copy buttons, submit buttons with pending state, typed-confirmation
// dialogs. Everything else in the portal is server-rendered.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { buttonClass, cx, inputClass } from "./ui";

export function CopyButton({ value, label = "Copy", className }: { value: string; label?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className={cx(buttonClass("secondary", "sm"), className)}
      aria-label={label}
      onClick={() => {
        navigator.clipboard.writeText(value).then(
          () => setState("copied"),
          () => setState("failed"),
        );
      }}
    >
      {state === "copied" ? (
        <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <path d="M3 8.5l3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      ) : (
        <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 5.5v-2a1.5 1.5 0 0 0-1.5-1.5H4a1.5 1.5 0 0 0-1.5 1.5V9A1.5 1.5 0 0 0 4 10.5h1.5" />
        </svg>
      )}
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      <span className="sr-only" role="status">
        {state === "copied" ? "Copied to clipboard" : ""}
      </span>
    </button>
  );
}

export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
  className,
  disabled,
}: {
  children: ReactNode;
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger";
  className?: string;
  disabled?: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={cx(buttonClass(variant), className)} disabled={pending || disabled} aria-busy={pending}>
      {pending ? (pendingText ?? "Working…") : children}
    </button>
  );
}

/**
 * A destructive action behind a dialog that asks for the resource's name to be typed,
 * so that nothing is deleted by a stray click.
 */
export function TypedConfirmDialog({
  triggerLabel,
  title,
  description,
  confirmText,
  confirmLabel,
  action,
  hidden,
}: {
  triggerLabel: string;
  title: string;
  description: ReactNode;
  confirmText: string;
  confirmLabel: string;
  action: (formData: FormData) => void | Promise<void>;
  hidden?: Record<string, string>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  return (
    <>
      <button type="button" className={buttonClass("danger")} onClick={() => ref.current?.showModal()}>
        {triggerLabel}
      </button>
      <dialog
        ref={ref}
        aria-labelledby={`${inputId}-title`}
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => setTyped("")}
      >
        <form action={action} className="space-y-4 p-6">
          <h2 id={`${inputId}-title`} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{description}</div>
          {Object.entries(hidden ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div className="space-y-1.5">
            <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
              Type <span className="font-mono font-semibold">{confirmText}</span> to confirm
            </label>
            <input
              id={inputId}
              name="confirm"
              autoComplete="off"
              className={inputClass}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
          <div className="flex justify-end gap-2 pt-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => ref.current?.close()}>
              Cancel
            </button>
            <SubmitButton variant="danger" disabled={typed !== confirmText} pendingText="Deleting…">
              {confirmLabel}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
