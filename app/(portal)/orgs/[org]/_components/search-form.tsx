"use client";
// A list's search and filters as a plain GET form: it works without JavaScript and the
// URL always says what is shown. With JavaScript, typing and changing a filter update the
// URL in place (debounced), so results follow the keyboard without a submit.
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { Button, Input, cx, inputClass } from "@/app/_components/ui";

const TYPING_DEBOUNCE_MS = 300;

export type SelectFilter = {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
};

export function SearchForm({
  searchLabel,
  placeholder,
  q,
  selects = [],
  hidden = {},
}: {
  /** Without a label the form has no search box, only its selects. */
  searchLabel?: string;
  placeholder?: string;
  q?: string;
  selects?: SelectFilter[];
  hidden?: Record<string, string | undefined>;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [isPending, startTransition] = useTransition();

  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = () => {
    const form = formRef.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    }
    const query = params.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  };

  return (
    <form
      ref={formRef}
      method="get"
      action={pathname}
      role="search"
      aria-busy={isPending}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        apply();
      }}
    >
      {Object.entries(hidden).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      {searchLabel ? (
      <div className="w-full min-w-0 sm:w-80">
        <label htmlFor="list-search" className="sr-only">
          {searchLabel}
        </label>
        <div className="relative">
          <svg viewBox="0 0 20 20" aria-hidden="true" className="pointer-events-none absolute left-3 top-2.5 h-4 w-4 fill-slate-400">
            <path d="M8.5 3a5.5 5.5 0 1 0 3.3 9.9l3.6 3.6a1 1 0 0 0 1.4-1.4l-3.6-3.6A5.5 5.5 0 0 0 8.5 3Zm-3.5 5.5a3.5 3.5 0 1 1 7 0 3.5 3.5 0 0 1-7 0Z" />
          </svg>
          <Input
            id="list-search"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={placeholder}
            autoComplete="off"
            spellCheck={false}
            className="pl-9"
            onChange={() => {
              clearTimeout(timer.current);
              timer.current = setTimeout(apply, TYPING_DEBOUNCE_MS);
            }}
          />
        </div>
      </div>
      ) : null}
      {selects.map((s) => (
        <div key={s.name} className="min-w-0">
          <label htmlFor={`list-${s.name}`} className="mb-1 block text-xs font-medium text-slate-500">
            {s.label}
          </label>
          <select
            id={`list-${s.name}`}
            name={s.name}
            defaultValue={s.value}
            onChange={apply}
            className={cx(inputClass, "w-auto pr-8")}
          >
            {s.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <Button type="submit" variant="secondary">
        {isPending ? "Searching…" : searchLabel ? "Search" : "Apply"}
      </Button>
    </form>
  );
}
