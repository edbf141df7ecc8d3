"use client";
// A relative time that stays true while the page stays open ("just now" becomes "2 min
// ago" without a refresh). The server renders the same text first.
import { useEffect, useState } from "react";
import { formatRelative } from "@/app/_components/ui";

export function TimeAgo({ date }: { date: Date | string | null | undefined }) {
  const [now, setNow] = useState<Date | undefined>(undefined);
  useEffect(() => {
    const tick = () => setNow(new Date());
    const timer = setInterval(tick, 10_000);
    return () => clearInterval(timer);
  }, []);
  if (!date) return <span className="text-slate-500">never</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} title={d.toLocaleString("en-GB", { timeZone: "UTC" }) + " UTC"} suppressHydrationWarning>
      {formatRelative(d, now)}
    </time>
  );
}
