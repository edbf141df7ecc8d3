"use client";
// "Alert when <provider> is quiet for more than …": the provider's default or a custom window.
import { useActionState, useState } from "react";
import { SubmitButton } from "@/app/_components/client";
import { Alert, inputClass } from "@/app/_components/ui";
import { type SilenceResult, setExpectedActivityAction } from "./silence-actions";

export type WindowParts = { amount: number; unit: "minutes" | "hours" | "days" };

export function SilenceWindowForm({
  slug,
  directoryId,
  senderName,
  isCustom,
  current,
  defaultLabel,
}: {
  slug: string;
  directoryId: string;
  senderName: string;
  isCustom: boolean;
  current: WindowParts;
  defaultLabel: string;
}) {
  const [state, action] = useActionState<SilenceResult, FormData>(setExpectedActivityAction, { ok: null });
  const [mode, setMode] = useState<"default" | "custom">(isCustom ? "custom" : "default");
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="directoryId" value={directoryId} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900">Alert when {senderName} is quiet for more than</legend>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="mode" value="default" checked={mode === "default"} onChange={() => setMode("default")} />
          {defaultLabel} (the default for {senderName})
        </label>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="custom" checked={mode === "custom"} onChange={() => setMode("custom")} />
            Custom:
          </label>
          <label className="sr-only" htmlFor={`silence-amount-${directoryId}`}>
            How long
          </label>
          <input
            id={`silence-amount-${directoryId}`}
            name="amount"
            type="number"
            min={1}
            defaultValue={current.amount}
            disabled={mode !== "custom"}
            className={`${inputClass} w-24`}
          />
          <label className="sr-only" htmlFor={`silence-unit-${directoryId}`}>
            Unit
          </label>
          <select
            id={`silence-unit-${directoryId}`}
            name="unit"
            defaultValue={current.unit}
            disabled={mode !== "custom"}
            className={`${inputClass} w-32`}
          >
            <option value="minutes">minutes</option>
            <option value="hours">hours</option>
            <option value="days">days</option>
          </select>
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" pendingText="Saving…">
          Save alert window
        </SubmitButton>
        {state.ok === true ? (
          <p role="status" className="text-sm text-emerald-700">
            {state.message}
          </p>
        ) : null}
      </div>
      {state.ok === false ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
