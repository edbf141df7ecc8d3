"use client";
// OAuth 2 client credentials for providers whose console offers them (PingOne's "OAuth 2
// Client Credentials", Entra ID's client-credentials grant): the token URL and client id to
// paste, and a client secret shown once, right after it was created, from this component's
// memory only (a reload forgets it; the server keeps only its hash).
import { useActionState, useId } from "react";
import { Alert, inputClass } from "@/app/_components/ui";
import { CopyButton, SubmitButton } from "@/app/_components/client";
import { type ClientSecretResult, createClientSecretAction } from "./actions";

function CopyField({ label, value, describedBy }: { label: string; value: string; describedBy?: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          className={`${inputClass} font-mono`}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={describedBy}
        />
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} className="shrink-0" />
      </div>
    </div>
  );
}

export function ClientCredentialsFields({
  slug,
  directoryId,
  tokenUrl,
  clientId,
  hasActiveSecret,
  senderName,
}: {
  slug: string;
  directoryId: string;
  tokenUrl: string;
  /** The directory's client id, once a first secret exists. */
  clientId: string | undefined;
  hasActiveSecret: boolean;
  senderName: string;
}) {
  const onceId = useId();
  const [state, action] = useActionState<ClientSecretResult, FormData>(createClientSecretAction, { ok: null });
  const fresh = state.ok === true && state.issued.directoryId === directoryId ? state.issued : undefined;
  const shownClientId = fresh?.clientId ?? clientId;
  return (
    <div className="space-y-5">
      <CopyField label="Token URL" value={tokenUrl} />
      {shownClientId ? <CopyField label="Client ID" value={shownClientId} /> : null}
      {fresh ? (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <CopyField label="Client secret" value={fresh.clientSecret} describedBy={onceId} />
          <p id={onceId} className="text-sm text-amber-900" role="status">
            Copy it into {senderName} now: it is shown only once. Older secrets keep working until you revoke them below.
          </p>
        </div>
      ) : null}
      <form action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="directoryId" value={directoryId} />
        <SubmitButton variant="secondary" pendingText="Creating…">
          {hasActiveSecret || fresh ? "Create another client secret" : "Create client secret"}
        </SubmitButton>
        {state.ok === false ? <Alert>{state.error}</Alert> : null}
      </form>
    </div>
  );
}
