// Tables and paging for the portal's lists: one look for users, groups, events and the
// request log. Tables scroll sideways inside their card on narrow screens rather than
// squeezing columns.
import { Link } from "./link";
import type { ComponentProps, ReactNode } from "react";
import { Badge, buttonClass, cx } from "@/app/_components/ui";

export function Table({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={cx("relative overflow-x-auto", className)}>
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className, ...props }: ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cx("whitespace-nowrap bg-slate-50 px-4 py-2.5 text-xs font-semibold uppercase tracking-wide text-slate-500", className)}
      {...props}
    >
      {children}
    </th>
  );
}

export function Td({ children, className, ...props }: ComponentProps<"td">) {
  return (
    <td className={cx("px-4 py-3 align-middle text-slate-700", className)} {...props}>
      {children}
    </td>
  );
}

export function Tbody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>;
}

/** Builds a URL of the current page with some search params changed (undefined removes one). */
export function withParams(
  pathname: string,
  current: Record<string, string | undefined>,
  changes: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...current, ...changes })) {
    if (value !== undefined && value !== "") params.set(key, value);
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * Previous / Next links over keyset cursors. Links are plain anchors, so paging works
 * without JavaScript and every page has a URL that can be shared.
 */
export function Pager({
  pathname,
  params,
  prevCursor,
  nextCursor,
  summary,
  label = "Pagination",
}: {
  pathname: string;
  params: Record<string, string | undefined>;
  prevCursor: string | undefined;
  nextCursor: string | undefined;
  summary?: ReactNode;
  label?: string;
}) {
  const base = { ...params, after: undefined, before: undefined };
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3">
      <p className="text-sm text-slate-500">{summary}</p>
      <div className="flex gap-2">
        {prevCursor ? (
          <Link href={withParams(pathname, base, { before: prevCursor })} className={buttonClass("secondary", "sm")} rel="prev">
            ← Previous
          </Link>
        ) : (
          <span className={cx(buttonClass("secondary", "sm"), "pointer-events-none opacity-50")} aria-disabled="true">
            ← Previous
          </span>
        )}
        {nextCursor ? (
          <Link href={withParams(pathname, base, { after: nextCursor })} className={buttonClass("secondary", "sm")} rel="next">
            Next →
          </Link>
        ) : (
          <span className={cx(buttonClass("secondary", "sm"), "pointer-events-none opacity-50")} aria-disabled="true">
            Next →
          </span>
        )}
      </div>
    </nav>
  );
}

export function HttpStatusBadge({ status }: { status: number }) {
  const tone = status >= 500 ? "red" : status >= 400 ? "amber" : status >= 300 ? "blue" : "green";
  return (
    <Badge tone={tone}>
      <span className="font-mono">{status}</span>
    </Badge>
  );
}

export function MethodLabel({ method }: { method: string }) {
  const color =
    method === "GET"
      ? "text-sky-700"
      : method === "POST"
        ? "text-emerald-700"
        : method === "DELETE"
          ? "text-red-700"
          : "text-violet-700";
  return <span className={cx("font-mono text-xs font-semibold", color)}>{method}</span>;
}

/** A string search param (the first when repeated). */
export function param(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v === undefined || v === "" ? undefined : v;
}
