import type { Metadata } from "next";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { type AuditEntry, describeActors, listOrganizationAudit } from "@/lib/directory/audit";
import { AuditTable } from "../../../_components/audit-table";
import { param } from "../_components/table";

export const metadata: Metadata = { title: "Audit log" };

function customerNames(entries: AuditEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of entries) {
    if (e.actorType === "operator") names.set(`operator:${e.actorId ?? ""}`, "The application's team");
    if (e.actorType === "api_key") names.set(`api_key:${e.actorId ?? ""}`, "The application");
  }
  return names;
}

/** This organization's entries: what operators and its own customer admins changed. */
export default async function OrganizationAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const scope = await requireOrgScope((await params).org);
  const after = param((await searchParams).after);
  const page = await listOrganizationAudit(scope, after);
  // A customer admin is not shown who on the application's side did it (operators' emails,
  // API key names): "the application's team" is what they need to know.
  const names = scope.principal.kind === "portal_session" ? customerNames(page.entries) : await describeActors(scope.db, page.entries);
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Audit log</h2>
        <p className="text-sm text-slate-600">Who changed this organization&apos;s connections, tokens and portal access, newest first.</p>
      </div>
      <AuditTable page={page} names={names} pathname={`/orgs/${scope.org.slug}/audit`} after={after} />
    </div>
  );
}
