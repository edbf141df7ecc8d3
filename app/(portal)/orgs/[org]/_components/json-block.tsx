import { CopyButton } from "@/app/_components/client";

/** Pretty JSON when the text parses, the text as it is otherwise (a truncated body, say). */
export function prettyJson(value: unknown): string {
  if (typeof value !== "string") return JSON.stringify(value, null, 2);
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

export function JsonBlock({ value, label, maxHeight = "max-h-[32rem]" }: { value: unknown; label: string; maxHeight?: string }) {
  const text = prettyJson(value);
  return (
    <div className="relative">
      <div className="absolute right-2 top-2">
        <CopyButton value={text} label={`Copy ${label}`} />
      </div>
      <pre
        aria-label={label}
        tabIndex={0}
        className={`${maxHeight} overflow-auto rounded-md bg-slate-900 p-4 pr-24 font-mono text-xs leading-relaxed text-slate-100`}
      >
        {text}
      </pre>
    </div>
  );
}
