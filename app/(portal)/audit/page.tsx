import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { describeActors, listAllAudit } from "@/lib/directory/audit";
import { AuditTable } from "../_components/audit-table";
import { param } from "../orgs/[org]/_components/table";

export const metadata: Metadata = { title: "Audit log" };

/** Every operator, customer-admin, API-key and command-line action, newest first (operators only). */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requireOperatorPrincipal();
  const db = await getDb();
  const after = param((await searchParams).after);
  const page = await listAllAudit(db, principal, after);
  const names = await describeActors(db, page.entries);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what: organizations, directories, SCIM tokens, API keys, portal links, operators and branding. Also at GET /api/v1/audit-log."
      />
      <AuditTable page={page} names={names} pathname="/audit" after={after} />
    </>
  );
}
