"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/app/_components/ui";

const TABS = [
  { segment: "scim", label: "SCIM Provisioning" },
  { segment: "users", label: "Users" },
  { segment: "groups", label: "Groups" },
  { segment: "events", label: "Events" },
  { segment: "audit", label: "Audit log" },
  { segment: "settings", label: "Settings" },
] as const;

/** `hasSettings`: the Settings tab (rename, delete) is for operators, not customer admins. */
export function OrgTabs({ slug, hasSettings }: { slug: string; hasSettings: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Organization" className="-mb-px flex gap-1 overflow-x-auto">
      {TABS.filter((tab) => hasSettings || tab.segment !== "settings").map((tab) => {
        const href = `/orgs/${slug}/${tab.segment}`;
        // No prefetch: every live refresh would prefetch each tab again.
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link prefetch={false}
            key={tab.segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cx(
              "whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium",
              active
                ? "border-brand-600 text-brand-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
