"use client";
import { TabError } from "../_components/tab-error";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <TabError error={error} reset={reset} what="users" />;
}
