import type { Metadata } from "next";
import { Link } from "../../_components/link";
import { notFound } from "next/navigation";
import { Card, CardHeader, EmptyState, cx } from "@/app/_components/ui";
import { listRequests, resolvePortalDirectory } from "@/lib/directory/portal";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { LiveUpdates } from "../../_components/live-updates";
import { Pager, param, withParams } from "../../_components/table";
import { RequestTable } from "../request-table";

export const metadata: Metadata = { title: "Request log" };

export default async function RequestLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const scope = await requireOrgScope((await params).org);
  const { org } = scope;
  const sp = await searchParams;
  const { directory: dirScope } = await resolvePortalDirectory(scope, param(sp.directory));
  if (!dirScope) notFound();
  const { directory } = dirScope;
  const errorsOnly = param(sp.errors) === "1";
  const current = { directory: directory.id, errors: errorsOnly ? "1" : undefined, after: param(sp.after), before: param(sp.before) };
  const page = await listRequests(dirScope, { errorsOnly, after: current.after, before: current.before });
  const pathname = `/orgs/${org.slug}/scim/requests`;
  const filterLink = (isErrors: boolean) => withParams(pathname, { directory: directory.id }, { errors: isErrors ? "1" : undefined });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="space-y-1">
          <nav aria-label="Back" className="text-sm">
            <Link href={`/orgs/${org.slug}/scim?directory=${directory.id}`} className="text-slate-500 hover:text-slate-700">
              ← SCIM Provisioning
            </Link>
          </nav>
          <div className="flex items-center gap-3">
            <h2 className="text-lg font-semibold text-slate-900">Request log · {directory.name}</h2>
            <LiveUpdates slug={org.slug} />
          </div>
        </div>
      </div>
      <Card>
        <CardHeader
          title="SCIM requests"
          description="Request bodies are stored redacted (passwords and secrets masked) and cut at 16 KB."
          actions={
            <nav aria-label="Filter requests" className="flex gap-1 rounded-md bg-slate-100 p-1">
              {[
                { label: "All requests", isErrors: false },
                { label: "Errors only", isErrors: true },
              ].map((f) => (
                <Link
                  key={f.label}
                  href={filterLink(f.isErrors)}
                  aria-current={errorsOnly === f.isErrors ? "page" : undefined}
                  className={cx(
                    "rounded px-2.5 py-1 text-sm font-medium",
                    errorsOnly === f.isErrors ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                  )}
                >
                  {f.label}
                </Link>
              ))}
            </nav>
          }
        />
        {page.rows.length === 0 ? (
          <EmptyState
            title={errorsOnly ? "No failed requests" : "No requests yet"}
            description={
              errorsOnly
                ? "Every request this directory received in the log's retention period succeeded."
                : "Requests appear here as the identity provider sends them."
            }
          />
        ) : (
          <>
            <RequestTable
              requests={page.rows}
              detailHref={(id) => `/orgs/${org.slug}/scim/requests/${id}?directory=${directory.id}`}
            />
            <Pager pathname={pathname} params={current} prevCursor={page.prevCursor} nextCursor={page.nextCursor} label="Request log pages" />
          </>
        )}
      </Card>
    </div>
  );
}
