"use client";
// The two values the admin pastes into the identity provider. The bearer token is shown
// in full only right after it was issued (from browser memory, see issued-token.tsx);
// otherwise only its display prefix is known, and shown.
import { useId } from "react";
import { Button, inputClass } from "@/app/_components/ui";
import { CopyButton } from "@/app/_components/client";
import { useIssuedToken } from "./issued-token";

export function EndpointField({ url }: { url: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Endpoint URL
      </label>
      <div className="flex gap-2">
        <input id={id} readOnly value={url} className={`${inputClass} font-mono`} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={url} label="Copy URL" className="shrink-0" />
      </div>
    </div>
  );
}

export function TokenField({
  directoryId,
  activePrefix,
  senderName,
}: {
  directoryId: string;
  /** Display prefix of the newest unrevoked token, if any. */
  activePrefix: string | undefined;
  senderName: string;
}) {
  const id = useId();
  const { issued, setIssued } = useIssuedToken();
  const fresh = issued?.directoryId === directoryId ? issued : undefined;

  if (fresh) {
    return (
      <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
        <label htmlFor={id} className="block text-sm font-medium text-amber-950">
          Bearer token
        </label>
        <div className="flex gap-2">
          <input
            id={id}
            readOnly
            value={fresh.token}
            className={`${inputClass} font-mono`}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby={`${id}-once`}
          />
          <CopyButton value={fresh.token} label="Copy token" className="shrink-0" />
        </div>
        <p id={`${id}-once`} className="flex gap-2 text-sm text-amber-900" role="status">
          <svg viewBox="0 0 20 20" className="mt-0.5 h-4 w-4 shrink-0 fill-amber-600" aria-hidden="true">
            <path d="M8.3 2.9a2 2 0 0 1 3.4 0l6.1 10.6A2 2 0 0 1 16.1 16.5H3.9a2 2 0 0 1-1.7-3L8.3 2.9ZM10 7a1 1 0 0 0-1 1v3a1 1 0 1 0 2 0V8a1 1 0 0 0-1-1Zm0 8a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
          </svg>
          <span>
            <strong>Copy this token now and paste it into {senderName}.</strong> You will not see it again: Roster keeps
            only a hash of it. If it is lost, rotate the token.
          </span>
        </p>
        <Button size="sm" onClick={() => setIssued(undefined)}>
          I have copied the token
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Bearer token
      </label>
      <input
        id={id}
        readOnly
        value={activePrefix ? `${activePrefix}${"•".repeat(24)}` : "No active token"}
        className={`${inputClass} bg-slate-50 font-mono text-slate-500`}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {activePrefix
          ? "Shown once when it was created, so only its first characters are displayed. Lost it? Rotate the token below."
          : "Every token was revoked, so provisioning requests get 401. Rotate to issue a new one."}
      </p>
    </div>
  );
}
