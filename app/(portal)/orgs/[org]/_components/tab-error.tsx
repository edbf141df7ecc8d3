"use client";
// What a tab shows when reading its data failed (the database restarting, say): what
// happened in plain words, and a retry that does not lose the rest of the page.
import { useEffect } from "react";
import { Button, Card, EmptyState } from "@/app/_components/ui";

export function TabError({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Card>
      <EmptyState
        icon={
          <svg viewBox="0 0 24 24" className="h-10 w-10" fill="none" stroke="currentColor" strokeWidth="1.5">
            <path d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        }
        title={`Could not load ${what}`}
        description={
          <>
            Something went wrong on our side. Your identity provider&apos;s data is safe; try again in a moment.
            {error.digest ? <span className="mt-2 block font-mono text-xs text-slate-500">Reference: {error.digest}</span> : null}
          </>
        }
        action={
          <Button variant="primary" onClick={reset}>
            Try again
          </Button>
        }
      />
    </Card>
  );
}
