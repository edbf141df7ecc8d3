"use client";
// Rotate: issue another token, shown once in the Connection card; the old one keeps
// working until it is revoked here, so the admin can switch the provider over first.
import { useActionState } from "react";
import { Alert } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { rotateTokenAction, type TokenResult } from "./actions";
import { useIssuedToken } from "./issued-token";

export function RotateTokenButton({ slug, directoryId, hasActiveToken }: { slug: string; directoryId: string; hasActiveToken: boolean }) {
  const { setIssued } = useIssuedToken();
  const [state, action] = useActionState<TokenResult, FormData>(async (prev, formData) => {
    const result = await rotateTokenAction(prev, formData);
    if (result.ok === true) {
      setIssued(result.issued);
      document.getElementById("connection")?.scrollIntoView({ behavior: "smooth", block: "start" });
    }
    return result;
  }, { ok: null });
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="directoryId" value={directoryId} />
      <SubmitButton variant="secondary" pendingText="Issuing…">
        {hasActiveToken ? "Rotate token" : "Generate token"}
      </SubmitButton>
      {state.ok === false ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
