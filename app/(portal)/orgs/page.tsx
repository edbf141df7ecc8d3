import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { Alert, Badge, Card, EmptyState, PageHeader } from "@/app/_components/ui";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { listOrganizations } from "@/lib/directory/organizations";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Organizations" };

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperatorPrincipal();
  const params = await searchParams;
  const orgs = await listOrganizations(await getDb());
  const deleted = typeof params.deleted === "string" ? params.deleted : undefined;
  return (
    <>
      <PageHeader
        title="Organizations"
        description="Each organization is one of your customers. Connect its identity provider to sync users and groups."
      />
      {deleted ? (
        <div className="mb-4">
          <Alert tone="green">Deleted {deleted} and everything synchronised for it.</Alert>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card>
            {orgs.length === 0 ? (
              <EmptyState
                icon={
                  <svg viewBox="0 0 24 24" className="h-10 w-10" fill="none" stroke="currentColor" strokeWidth="1.5">
                    <path d="M3 21h18M5 21V7l7-4 7 4v14M9 21v-6h6v6" strokeLinejoin="round" />
                  </svg>
                }
                title="No organizations yet"
                description="Create one for each customer. Then open its SCIM Provisioning tab, pick their identity provider and hand the endpoint and token to their IT admin."
              />
            ) : (
              <ul role="list" aria-label="Organizations" className="divide-y divide-slate-100">
                {orgs.map((org) => (
                  <li key={org.id}>
                    <Link
                      href={`/orgs/${org.slug}/scim`}
                      className="flex items-center justify-between gap-4 px-5 py-4 hover:bg-slate-50 focus-visible:bg-slate-50"
                    >
                      <div className="min-w-0">
                        <p className="truncate text-sm font-medium text-slate-900">{org.name}</p>
                        <p className="truncate font-mono text-xs text-slate-500">{org.slug}</p>
                      </div>
                      <div className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
                        {org.silentDirectoryCount > 0 ? (
                          <Badge tone="red">
                            {org.silentDirectoryCount === 1 ? "Provider silent" : `${org.silentDirectoryCount} providers silent`}
                          </Badge>
                        ) : null}
                        {org.directoryCount === 0 ? (
                          <Badge tone="amber">Not connected</Badge>
                        ) : (
                          <Badge tone="green">
                            {org.directoryCount} {org.directoryCount === 1 ? "directory" : "directories"}
                          </Badge>
                        )}
                        <span className="hidden sm:inline">
                          {org.userCount.toLocaleString("en")} users · {org.groupCount.toLocaleString("en")} groups
                        </span>
                      </div>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <Card className="h-fit p-5">
          <h2 className="text-base font-semibold text-slate-900">New organization</h2>
          <p className="mt-1 text-sm text-slate-500">Use your customer&apos;s company name.</p>
          <div className="mt-4">
            <CreateOrganizationForm />
          </div>
        </Card>
      </div>
    </>
  );
}
