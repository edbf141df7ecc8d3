"use client";
// The deprovisioning guard's rule for one directory; empty fields use the defaults.
import { useActionState } from "react";
import { SubmitButton } from "@/app/_components/client";
import { Alert, inputClass } from "@/app/_components/ui";
import { type GuardResult, setGuardAction } from "./guard-actions";

type Rule = { isEnabled: boolean; percent: number | null; windowMinutes: number | null; minUsers: number | null };
type Defaults = { percent: number; windowMinutes: number; minUsers: number };

export function GuardSettingsForm({ slug, directoryId, rule, defaults }: { slug: string; directoryId: string; rule: Rule; defaults: Defaults }) {
  const [state, action] = useActionState<GuardResult, FormData>(setGuardAction, { ok: true });
  const field = (name: keyof Defaults, label: string, unit: string) => (
    <label className="flex flex-col gap-1 text-sm text-slate-700">
      <span>{label}</span>
      <span className="flex items-center gap-2">
        <input
          name={name}
          type="number"
          min={1}
          defaultValue={rule[name] ?? ""}
          placeholder={String(defaults[name])}
          className={`${inputClass} w-28`}
        />
        <span className="text-slate-600">{unit}</span>
      </span>
    </label>
  );
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="directoryId" value={directoryId} />
      <label className="flex items-center gap-2 text-sm font-medium text-slate-900">
        <input type="checkbox" name="isEnabled" defaultChecked={rule.isEnabled} />
        Hold mass deprovisioning for review
      </label>
      <div className="flex flex-wrap gap-4">
        {field("percent", "More than", "% of users")}
        {field("windowMinutes", "Within", "minutes")}
        {field("minUsers", "And at least", "users")}
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" pendingText="Saving…">
          Save guard
        </SubmitButton>
        {state.ok && state.message ? (
          <p role="status" className="text-sm text-emerald-700">
            {state.message}
          </p>
        ) : null}
      </div>
      {state.ok === false ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
