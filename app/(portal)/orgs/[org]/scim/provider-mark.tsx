// A provider's mark: its initials on its brand colour (not the vendor's logo). Used by
// client and server components alike, so it imports nothing from the server side.
import type { Provider } from "@/db/schema";
import { cx } from "@/app/_components/ui";

const MARKS: Record<Provider, { initials: string; className: string }> = {
  pingone: { initials: "P", className: "bg-[#b3282d] text-white" },
  okta: { initials: "O", className: "bg-[#00297a] text-white" },
  entra: { initials: "E", className: "bg-[#0078d4] text-white" },
  onelogin: { initials: "1L", className: "bg-[#1c1f2a] text-white" },
  jumpcloud: { initials: "JC", className: "bg-[#0f7b6c] text-white" },
  generic: { initials: "{ }", className: "bg-slate-700 text-white" },
};

export function ProviderMark({ provider, size = "md" }: { provider: Provider; size?: "sm" | "md" | "lg" }) {
  const mark = MARKS[provider];
  return (
    <span
      aria-hidden="true"
      className={cx(
        "inline-flex shrink-0 items-center justify-center rounded-md font-semibold tracking-tight shadow-sm",
        size === "sm" && "h-6 w-6 text-[10px]",
        size === "md" && "h-9 w-9 text-sm",
        size === "lg" && "h-11 w-11 text-base",
        mark.className,
      )}
    >
      {mark.initials}
    </span>
  );
}
