import type { Metadata } from "next";
import { Link } from "../../../_components/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Alert, Card, CardHeader } from "@/app/_components/ui";
import { getRequest, resolvePortalDirectory } from "@/lib/directory/portal";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { JsonBlock } from "../../../_components/json-block";
import { HttpStatusBadge, MethodLabel, param } from "../../../_components/table";
import { TimeAgo } from "../../../_components/time-ago";
import { readableQuery } from "../../request-table";

export const metadata: Metadata = { title: "SCIM request" };

export default async function RequestDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { org: slug, id } = await params;
  const scope = await requireOrgScope(slug);
  const { org } = scope;
  const sp = await searchParams;
  const { directory: dirScope } = await resolvePortalDirectory(scope, param(sp.directory));
  if (!dirScope || !/^\d{1,15}$/.test(id)) notFound();
  const { directory } = dirScope;
  const request = await getRequest(dirScope, Number(id));
  if (!request) notFound();

  return (
    <div className="space-y-6">
      <nav aria-label="Back" className="text-sm">
        <Link href={`/orgs/${org.slug}/scim/requests?directory=${directory.id}`} className="text-slate-500 hover:text-slate-700">
          ← Request log
        </Link>
      </nav>
      <Card>
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-5 py-4">
          <MethodLabel method={request.method} />
          <h2 className="min-w-0 break-all font-mono text-sm font-semibold text-slate-900">
            {request.path}
            {request.query ? <span className="font-normal text-slate-500">?{readableQuery(request.query)}</span> : null}
          </h2>
          <HttpStatusBadge status={request.status} />
        </div>
        <dl className="grid gap-x-6 gap-y-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <Item label="Received">
            <TimeAgo date={request.createdAt} />
            <span className="block text-xs text-slate-500">{request.createdAt.toISOString()}</span>
          </Item>
          <Item label="Duration">{request.durationMs} ms</Item>
          <Item label="User agent">{request.userAgent ?? "—"}</Item>
          <Item label="Request id">
            <span className="font-mono text-xs">{request.requestId}</span>
          </Item>
        </dl>
      </Card>
      {request.errorDetail ? (
        <Alert title="Error detail">
          <p className="whitespace-pre-wrap break-words font-mono text-xs">{request.errorDetail}</p>
        </Alert>
      ) : null}
      <div className="grid gap-6 xl:grid-cols-2">
        <Card className="min-w-0">
          <CardHeader title="Request body" description="As received, with passwords and secrets masked." />
          <div className="p-5">
            {request.requestBody ? (
              <JsonBlock value={request.requestBody} label="Request body" />
            ) : (
              <p className="text-sm text-slate-500">No body.</p>
            )}
          </div>
        </Card>
        <Card className="min-w-0">
          <CardHeader title="Our response" description={`HTTP ${request.status}`} />
          <div className="p-5">
            {request.responseBody ? (
              <JsonBlock value={request.responseBody} label="Response body" />
            ) : (
              <p className="text-sm text-slate-500">No body.</p>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 break-words text-sm text-slate-800">{children}</dd>
    </div>
  );
}
