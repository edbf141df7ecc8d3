"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/app/_components/ui";

const TABS = [
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/branding", label: "Branding" },
];

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="border-b border-slate-200">
      <ul className="-mb-px flex gap-6 text-sm">
        {TABS.map((tab) => {
          const isCurrent = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href}>
              <Link
                prefetch={false}
                href={tab.href}
                aria-current={isCurrent ? "page" : undefined}
                className={cx(
                  "inline-block border-b-2 px-1 pb-3 font-medium",
                  isCurrent ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
