import type { Metadata } from "next";
import { Link } from "../../_components/link";
import { notFound } from "next/navigation";
import { Badge, Card, CardHeader, EmptyState } from "@/app/_components/ui";
import { scimBaseUrl } from "@/lib/directory/directories";
import { getGroupDetail, listGroupMembers, listResourceEvents, resolvePortalDirectory } from "@/lib/directory/portal";
import { serializeGroup } from "@/lib/scim/resources";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { AttributeList, Meta, humanize, personName } from "../../_components/attributes";
import { EventTimeline, resourceLinks } from "../../_components/event-list";
import { JsonBlock } from "../../_components/json-block";
import { LiveUpdates } from "../../_components/live-updates";
import { requestOrigin } from "../../_components/request-origin";
import { Pager, Table, Tbody, Td, Th, param, withParams } from "../../_components/table";
import { TimeAgo } from "../../_components/time-ago";

export const metadata: Metadata = { title: "Group" };

/** Members shown in the raw JSON: enough to see their shape without rendering a huge group. */
const JSON_MEMBERS = 100;

export default async function GroupPage({
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
  const { directory: dirScope, all } = await resolvePortalDirectory(scope, param(sp.directory));
  if (!dirScope) notFound();
  const { directory } = dirScope;
  const group = await getGroupDetail(dirScope, id);
  if (!group) notFound();

  const directoryParam = all.length > 1 ? directory.id : undefined;
  const pathname = `/orgs/${org.slug}/groups/${group.id}`;
  // Members and history page independently: each keeps the other's position in the URL.
  const current = {
    directory: directoryParam,
    after: param(sp.after),
    before: param(sp.before),
    hafter: param(sp.hafter),
    hbefore: param(sp.hbefore),
  };
  const [members, history, jsonMembers, origin] = await Promise.all([
    listGroupMembers(dirScope, group.id, { after: current.after, before: current.before }),
    listResourceEvents(dirScope, { type: "group", id: group.id }, { after: current.hafter, before: current.hbefore }),
    listGroupMembers(dirScope, group.id, { limit: JSON_MEMBERS }),
    requestOrigin(),
  ]);
  const links = resourceLinks(org.slug, directoryParam);
  const scim = serializeGroup(
    {
      ...group,
      members: jsonMembers.rows.map((m) => ({ value: m.id, display: m.displayName ?? m.userName })),
    },
    scimBaseUrl(directory.id, origin),
  );
  const extra = Object.entries(group.data).filter(
    ([k]) => !["schemas", "id", "meta", "displayName", "externalId", "members"].includes(k),
  );

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Back" className="text-sm">
          <Link href={withParams(`/orgs/${org.slug}/groups`, {}, { directory: directoryParam })} className="text-slate-500 hover:text-slate-700">
            ← Groups
          </Link>
        </nav>
        <LiveUpdates slug={org.slug} />
      </div>

      <Card>
        <div className="flex flex-wrap items-center gap-4 px-5 py-5">
          <span
            aria-hidden="true"
            className="flex h-14 w-14 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-500 ring-1 ring-inset ring-slate-200"
          >
            <svg viewBox="0 0 24 24" className="h-7 w-7" fill="none" stroke="currentColor" strokeWidth="1.5">
              <path d="M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM21 19v-1a4 4 0 0 0-3-3.9M15.5 4.1a3 3 0 0 1 0 5.8" strokeLinecap="round" />
            </svg>
          </span>
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-xl font-semibold text-slate-900">{group.displayName}</h2>
            <p className="text-sm text-slate-500">
              {group.memberCount.toLocaleString("en")} {group.memberCount === 1 ? "member" : "members"}
            </p>
          </div>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
            <Meta label="Created">
              <TimeAgo date={group.createdAt} />
            </Meta>
            <Meta label="Last change">
              <TimeAgo date={group.updatedAt} />
            </Meta>
            <Meta label="Version">{group.version}</Meta>
            <Meta label="External id">{group.externalId ?? <span className="text-slate-500">—</span>}</Meta>
          </dl>
        </div>
        {extra.length > 0 ? (
          <div className="border-t border-slate-200 p-5">
            <AttributeList items={extra.map(([k, v]) => [humanize(k), v])} />
          </div>
        ) : null}
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="min-w-0 lg:col-span-2">
          <CardHeader title="Members" description={`${group.memberCount.toLocaleString("en")} in all`} />
          {members.rows.length === 0 ? (
            <EmptyState title="No members" description="Members appear here as the identity provider adds them." />
          ) : (
            <>
              <Table label="Members">
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>userName</Th>
                    <Th>Status</Th>
                    <Th>Added</Th>
                  </tr>
                </thead>
                <Tbody>
                  {members.rows.map((m) => (
                    <tr key={m.id} className="hover:bg-slate-50">
                      <Td className="whitespace-nowrap">
                        <Link href={links.user(m.id)} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                          {personName(m)}
                        </Link>
                      </Td>
                      <Td className="max-w-[18rem] truncate font-mono text-xs">{m.userName}</Td>
                      <Td>{m.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Inactive</Badge>}</Td>
                      <Td className="whitespace-nowrap text-slate-500">
                        <TimeAgo date={m.addedAt} />
                      </Td>
                    </tr>
                  ))}
                </Tbody>
              </Table>
              <Pager
                pathname={pathname}
                params={current}
                prevCursor={members.prevCursor}
                nextCursor={members.nextCursor}
                label="Members pages"
                summary={`Showing ${members.rows.length} of ${group.memberCount.toLocaleString("en")}`}
              />
            </>
          )}
        </Card>
        <Card className="min-w-0 lg:self-start">
          <CardHeader title="History" />
          {history.rows.length === 0 ? (
            <EmptyState title="No events" description="Changes to this group are recorded here." />
          ) : (
            <>
              <div className="p-5">
                <EventTimeline events={history.rows} links={links} perspective="group" label="Group history" />
              </div>
              {history.prevCursor || history.nextCursor ? (
                <HistoryPager pathname={pathname} current={current} prev={history.prevCursor} next={history.nextCursor} />
              ) : null}
            </>
          )}
        </Card>
      </div>

      <Card>
        <CardHeader
          title="SCIM resource"
          description={
            group.memberCount > JSON_MEMBERS
              ? `As GET /Groups/{id} returns it, with the first ${JSON_MEMBERS} of ${group.memberCount.toLocaleString("en")} members.`
              : "As GET /Groups/{id} returns it to the identity provider."
          }
        />
        <div className="p-5">
          <JsonBlock value={scim} label="Raw SCIM JSON" />
        </div>
      </Card>
    </div>
  );
}

function HistoryPager({
  pathname,
  current,
  prev,
  next,
}: {
  pathname: string;
  current: Record<string, string | undefined>;
  prev: string | undefined;
  next: string | undefined;
}) {
  const base = { ...current, hafter: undefined, hbefore: undefined };
  const linkClass = "text-sm font-medium text-brand-700 hover:underline";
  return (
    <nav aria-label="History pages" className="flex justify-between border-t border-slate-200 px-5 py-3">
      {prev ? (
        <Link href={withParams(pathname, base, { hbefore: prev })} className={linkClass}>
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={withParams(pathname, base, { hafter: next })} className={linkClass}>
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
