"use client";
// No directory yet: choose the identity provider and Configure. The new token comes back
// in the action's result and goes straight into the issued-token state, never into a URL.
import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { Alert, cx } from "@/app/_components/ui";
import { postToParent } from "@/app/_components/embed";
import { formText } from "@/lib/form-data";
import { SubmitButton } from "@/app/_components/client";
import type { Provider } from "@/db/schema";
import { configureDirectoryAction, type TokenResult } from "./actions";
import { useIssuedToken } from "./issued-token";
import { ProviderMark } from "./provider-mark";

export type PickerProvider = { id: Provider; name: string; blurb: string };

export function ProviderPicker({ slug, providers }: { slug: string; providers: PickerProvider[] }) {
  const router = useRouter();
  const { setIssued } = useIssuedToken();
  // The token is handed to the layout's state inside the action itself: the same
  // response re-renders this page into the directory view and unmounts the picker.
  const [state, action] = useActionState<TokenResult, FormData>(async (prev, formData) => {
    const result = await configureDirectoryAction(prev, formData);
    if (result.ok === true) {
      setIssued(result.issued);
      postToParent({
        type: "roster:directory.configured",
        organization: { slug },
        directory: { id: result.issued.directoryId, provider: formText(formData, "provider") },
      });
      router.replace(`/orgs/${slug}/scim?directory=${result.issued.directoryId}`);
    }
    return result;
  }, { ok: null });
  const [selected, setSelected] = useState<Provider | undefined>(undefined);

  return (
    <form action={action} className="space-y-6">
      <input type="hidden" name="slug" value={slug} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Directory provider</legend>
        <p className="mt-1 text-sm text-slate-500">The identity provider your customer&apos;s IT team uses.</p>
        <div className="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {providers.map((p) => (
            <label
              key={p.id}
              className={cx(
                "relative flex cursor-pointer items-center gap-3 rounded-lg border bg-white p-4 pr-10 shadow-sm transition-colors",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500",
                selected === p.id ? "border-brand-600 ring-1 ring-brand-600" : "border-slate-200 hover:border-slate-300",
              )}
            >
              <ProviderMark provider={p.id} />
              <span className="min-w-0">
                <span className="block text-sm font-medium text-slate-900">{p.name}</span>
                <span id={`provider-${p.id}-blurb`} className="block text-xs text-slate-500">
                  {p.blurb}
                </span>
              </span>
              <input
                type="radio"
                name="provider"
                value={p.id}
                checked={selected === p.id}
                onChange={() => setSelected(p.id)}
                aria-label={p.name}
                aria-describedby={`provider-${p.id}-blurb`}
                className="absolute right-3 top-3 h-4 w-4 cursor-pointer appearance-none rounded-full border border-slate-300 bg-white checked:border-[5px] checked:border-brand-600 focus-visible:outline-none"
              />
            </label>
          ))}
        </div>
      </fieldset>
      {state.ok === false ? <Alert>{state.error}</Alert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingText="Configuring…">Configure</SubmitButton>
        <p className="text-sm text-slate-500">
          Creates the SCIM endpoint and a bearer token for {selected ? providers.find((p) => p.id === selected)?.name : "the provider"}.
        </p>
      </div>
    </form>
  );
}
