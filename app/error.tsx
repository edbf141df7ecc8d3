"use client";
// Last resort for a page that failed outside any tab's own error boundary (the portal's
// layout reading the session or branding, say): a page with a way forward, never a crash.
import { useEffect } from "react";
import { Button } from "@/app/_components/ui";

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Something went wrong on our side</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        Roster could not load this page. If its database is restarting this clears in a moment; your identity
        provider&apos;s changes are retried and not lost.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs text-slate-400">Reference: {error.digest}</p> : null}
      <Button variant="primary" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
