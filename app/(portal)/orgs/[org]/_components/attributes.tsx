// Readable rendering of SCIM attributes: labelled values, multi-valued lists with their
// type and primary flag, and a generic fallback for anything a provider sends that the
// portal has no special layout for (custom extension schemas included).
import type { ReactNode } from "react";
import { Badge } from "@/app/_components/ui";

export { personName } from "@/lib/directory/person-name";

export function initials(name: string): string {
  const words = name.replace(/[@.].*$/, "").split(/[\s._-]+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words[1]?.[0] ?? "")).toUpperCase();
}

/** "employeeNumber" → "Employee number", "honorificPrefix" → "Honorific prefix". */
export function humanize(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (isRecord(value) && Object.values(value).every(isEmpty))
  );
}

/** A definition list of label → value rows; rows whose value is empty are left out. */
export function AttributeList({ items }: { items: [string, unknown][] }) {
  const shown = items.filter(([, v]) => !isEmpty(v));
  if (shown.length === 0) return <p className="text-sm text-slate-500">Not provided.</p>;
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
      {shown.map(([label, value]) => (
        <div key={label} className="min-w-0">
          <dt className="text-xs font-medium text-slate-500">{label}</dt>
          <dd className="mt-0.5 break-words text-sm text-slate-800">
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Value({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined || value === "") return <span className="text-slate-500">—</span>;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) return value.map(String).join(", ");
    return <MultiValued values={value} />;
  }
  if (isRecord(value)) {
    return (
      <span className="mt-1 block rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200">
        <AttributeList items={Object.entries(value).map(([k, v]) => [humanize(k), v])} />
      </span>
    );
  }
  // bigint, symbol, function: not JSON, so a provider never sent one; shown as text anyway.
  return typeof value === "bigint" ? value.toString() : "";
}

/**
 * emails, phoneNumbers, addresses, ims, photos, roles, entitlements, x509Certificates:
 * one row per value, with the value's type and whether it is primary.
 */
export function MultiValued({ values, render }: { values: unknown[]; render?: (v: Record<string, unknown>) => ReactNode }) {
  const items = values.filter(isRecord);
  if (items.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-inset ring-slate-200">
      {items.map((item, i) => {
        const { type, primary, ...rest } = item;
        return (
          <li key={i} className="flex flex-wrap items-start justify-between gap-2 px-3 py-2">
            <span className="min-w-0 break-words text-sm text-slate-800">
              {render ? render(item) : "value" in rest && Object.keys(rest).every((k) => k === "value" || k === "display") ? (
                <>
                  {String(rest.value)}
                  {typeof rest.display === "string" && rest.display !== rest.value ? (
                    <span className="text-slate-500"> ({rest.display})</span>
                  ) : null}
                </>
              ) : (
                <AttributeList items={Object.entries(rest).map(([k, v]) => [humanize(k), v])} />
              )}
            </span>
            <span className="flex shrink-0 gap-1">
              {typeof type === "string" && type ? <Badge tone="gray">{type}</Badge> : null}
              {primary === true || primary === "true" || primary === "True" ? <Badge tone="blue">Primary</Badge> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export function formatAddress(a: Record<string, unknown>): ReactNode {
  if (typeof a.formatted === "string" && a.formatted.trim()) {
    return <span className="whitespace-pre-line">{a.formatted}</span>;
  }
  const str = (k: string) => (typeof a[k] === "string" ? (a[k]) : "");
  const lines = [str("streetAddress"), [str("locality"), str("region"), str("postalCode")].filter(Boolean).join(", "), str("country")].filter(
    Boolean,
  );
  return lines.length > 0 ? <span className="whitespace-pre-line">{lines.join("\n")}</span> : <span className="text-slate-500">—</span>;
}

/** One labelled fact in a user or group header: Created, Last change, Version, External id. */
export function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="truncate text-slate-800">{children}</dd>
    </div>
  );
}
