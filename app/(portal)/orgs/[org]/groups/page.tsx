import type { Metadata } from "next";
import { Link } from "../_components/link";
import { ButtonLink, Card, EmptyState } from "@/app/_components/ui";
import { resolvePortalDirectory, searchGroups } from "@/lib/directory/portal";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { SearchForm } from "../_components/search-form";
import { NoDirectoryTab } from "../_components/no-directory";
import { TabHeader } from "../_components/tab-header";
import { Pager, Table, Tbody, Td, Th, param, withParams } from "../_components/table";
import { TimeAgo } from "../_components/time-ago";
import { RolesSection } from "./roles-section";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const scope = await requireOrgScope((await params).org);
  const { org } = scope;
  const sp = await searchParams;
  const { directory: dirScope, all } = await resolvePortalDirectory(scope, param(sp.directory));
  const pathname = `/orgs/${org.slug}/groups`;

  if (!dirScope) {
    return (
      <NoDirectoryTab
        title="Groups"
        slug={org.slug}
        basePath={pathname}
        description="Groups appear here once an identity provider pushes them. Connect one on the SCIM Provisioning tab."
      />
    );
  }
  const { directory } = dirScope;

  const q = param(sp.q) ?? "";
  const current = {
    directory: all.length > 1 ? directory.id : undefined,
    q: q || undefined,
    after: param(sp.after),
    before: param(sp.before),
  };
  const result = await searchGroups(dirScope, { q, after: current.after, before: current.before });
  const groupHref = (id: string) => withParams(`${pathname}/${id}`, {}, { directory: current.directory });
  const total = `${result.count.value.toLocaleString("en")}${result.count.isCapped ? "+" : ""}`;

  return (
    <div className="space-y-6">
      <TabHeader
        title="Groups"
        slug={org.slug}
        directories={all}
        currentId={directory.id}
        basePath={pathname}
        description={`Pushed by ${directory.name}.`}
      />
      <Card>
        <div className="border-b border-slate-200 px-4 py-4 sm:px-5">
          <SearchForm searchLabel="Search groups" placeholder="Search by group name" q={q} hidden={{ directory: current.directory }} />
        </div>
        {result.rows.length === 0 ? (
          q ? (
            <EmptyState
              title="No matching groups"
              description={`No group name contains “${q}”.`}
              action={
                <ButtonLink prefetch={false} href={withParams(pathname, {}, { directory: current.directory })} size="sm">
                  Clear search
                </ButtonLink>
              }
            />
          ) : (
            <EmptyState
              title="No groups yet"
              description={`Groups appear here, without a reload, as soon as ${directory.name} pushes them.`}
            />
          )
        ) : (
          <>
            <Table label="Groups">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th className="text-right">Members</Th>
                  <Th>External id</Th>
                  <Th>Last change</Th>
                </tr>
              </thead>
              <Tbody>
                {result.rows.map((g) => (
                  <tr key={g.id} className="hover:bg-slate-50">
                    <Td className="whitespace-nowrap">
                      <Link href={groupHref(g.id)} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                        {g.displayName}
                      </Link>
                    </Td>
                    <Td className="text-right tabular-nums">{g.memberCount.toLocaleString("en")}</Td>
                    <Td className="max-w-[16rem] truncate font-mono text-xs text-slate-500">{g.externalId ?? "—"}</Td>
                    <Td className="whitespace-nowrap text-slate-500">
                      <TimeAgo date={g.updatedAt} />
                    </Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
            <Pager
              pathname={pathname}
              params={current}
              prevCursor={result.prevCursor}
              nextCursor={result.nextCursor}
              label="Groups pages"
              summary={`Showing ${result.rows.length.toLocaleString("en")} of ${total} ${q ? "matches" : result.count.value === 1 ? "group" : "groups"}`}
            />
          </>
        )}
      </Card>
      <RolesSection scope={dirScope} />
    </div>
  );
}
