// The top of each organization tab: its title, the live indicator, and — when the
// organization has more than one directory — a switch between them that keeps the
// tab and drops paging state.
import { Link } from "./link";
import type { ReactNode } from "react";
import { cx } from "@/app/_components/ui";
import { LiveUpdates } from "./live-updates";

export type DirectoryChoice = { id: string; name: string };

export function TabHeader({
  title,
  slug,
  directories = [],
  currentId,
  basePath,
  description,
  actions,
}: {
  title: string;
  slug: string;
  directories?: DirectoryChoice[];
  currentId?: string | undefined;
  basePath: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
          <LiveUpdates slug={slug} />
        </div>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {directories.length > 1 ? (
          <nav aria-label="Directories" className="flex flex-wrap gap-1 rounded-md bg-slate-100 p-1">
            {directories.map((d) => (
              <Link
                key={d.id}
                href={`${basePath}?directory=${d.id}`}
                aria-current={d.id === currentId ? "page" : undefined}
                className={cx(
                  "rounded px-2.5 py-1 text-sm font-medium",
                  d.id === currentId ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                )}
              >
                {d.name}
              </Link>
            ))}
          </nav>
        ) : null}
        {actions}
      </div>
    </div>
  );
}
