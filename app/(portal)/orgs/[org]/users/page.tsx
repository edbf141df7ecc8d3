import type { Metadata } from "next";
import { Link } from "../_components/link";
import { Badge, ButtonLink, Card, EmptyState, cx } from "@/app/_components/ui";
import {
  type Count,
  USER_SORTS,
  USER_STATUSES,
  type UserRow,
  type UserSort,
  type UserStatus,
  resolvePortalDirectory,
  searchUsers,
} from "@/lib/directory/portal";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { SearchForm } from "../_components/search-form";
import { NoDirectoryTab } from "../_components/no-directory";
import { TabHeader } from "../_components/tab-header";
import { Pager, Table, Tbody, Td, Th, param, withParams } from "../_components/table";
import { TimeAgo } from "../_components/time-ago";
import { personName } from "../_components/attributes";

export const metadata: Metadata = { title: "Users" };

const SORT_LABELS: Record<UserSort, string> = {
  userName: "userName A–Z",
  "-userName": "userName Z–A",
  "-updated": "Recently changed",
  updated: "Least recently changed",
  "-created": "Newest first",
  created: "Oldest first",
};

export default async function UsersPage({
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
  const pathname = `/orgs/${org.slug}/users`;

  if (!dirScope) {
    return (
      <NoDirectoryTab
        title="Users"
        slug={org.slug}
        basePath={pathname}
        description="Users appear here once an identity provider provisions them. Connect one on the SCIM Provisioning tab."
      />
    );
  }
  const { directory } = dirScope;

  const q = param(sp.q) ?? "";
  const statusParam = param(sp.status);
  const status: UserStatus = (USER_STATUSES as readonly string[]).includes(statusParam ?? "") ? (statusParam as UserStatus) : "all";
  const sortParam = param(sp.sort);
  const sort: UserSort = (USER_SORTS as readonly string[]).includes(sortParam ?? "") ? (sortParam as UserSort) : "userName";
  const current = {
    directory: all.length > 1 ? directory.id : undefined,
    q: q || undefined,
    status: status === "all" ? undefined : status,
    sort: sort === "userName" ? undefined : sort,
    after: param(sp.after),
    before: param(sp.before),
  };
  const result = await searchUsers(dirScope, { q, status, sort, after: current.after, before: current.before });
  const isFiltered = Boolean(q) || status !== "all";
  const userHref = (id: string) => withParams(`${pathname}/${id}`, {}, { directory: current.directory });

  return (
    <div className="space-y-6">
      <TabHeader
        title="Users"
        slug={org.slug}
        directories={all}
        currentId={directory.id}
        basePath={pathname}
        description={`Provisioned by ${directory.name}.`}
      />
      <Card>
        <div className="border-b border-slate-200 px-4 py-4 sm:px-5">
          <SearchForm
            searchLabel="Search users"
            placeholder="Search by name, email or userName"
            q={q}
            hidden={{ directory: current.directory }}
            selects={[
              {
                name: "status",
                label: "Status",
                value: status,
                options: [
                  { value: "all", label: "All users" },
                  { value: "active", label: "Active" },
                  { value: "inactive", label: "Inactive" },
                ],
              },
              {
                name: "sort",
                label: "Sort by",
                value: sort,
                options: USER_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] })),
              },
            ]}
          />
        </div>
        {result.rows.length === 0 ? (
          isFiltered ? (
            <EmptyState
              title="No matching users"
              description={
                q
                  ? `No ${status === "all" ? "" : `${status} `}user's name, email or userName starts with “${q}”.`
                  : `There are no ${status} users.`
              }
              action={
                <ButtonLink prefetch={false} href={withParams(pathname, {}, { directory: current.directory })} size="sm">
                  Clear filters
                </ButtonLink>
              }
            />
          ) : (
            <EmptyState
              title="No users yet"
              description={`Users appear here, without a reload, as ${directory.name} provisions them.`}
            />
          )
        ) : (
          <>
            <UsersTable
              rows={result.rows}
              sort={sort}
              sortHref={(s) => withParams(pathname, { ...current, after: undefined, before: undefined }, { sort: s === "userName" ? undefined : s })}
              userHref={userHref}
              groupHref={(id) => withParams(`/orgs/${org.slug}/groups/${id}`, {}, { directory: current.directory })}
            />
            <Pager
              pathname={pathname}
              params={current}
              prevCursor={result.prevCursor}
              nextCursor={result.nextCursor}
              label="Users pages"
              summary={countSummary(result.count, result.rows.length, isFiltered)}
            />
          </>
        )}
      </Card>
    </div>
  );
}

function countSummary(count: Count, shown: number, isFiltered: boolean): string {
  const total = `${count.value.toLocaleString("en")}${count.isCapped ? "+" : ""}`;
  const noun = isFiltered ? (count.value === 1 && !count.isCapped ? "match" : "matches") : count.value === 1 ? "user" : "users";
  return `Showing ${shown.toLocaleString("en")} of ${total} ${noun}`;
}

function SortHeader({
  label,
  field,
  sort,
  sortHref,
  defaultDesc = false,
}: {
  label: string;
  field: "userName" | "updated";
  sort: UserSort;
  sortHref: (s: UserSort) => string;
  defaultDesc?: boolean;
}) {
  const isActive = sort.replace(/^-/, "") === field;
  const isDesc = sort.startsWith("-");
  const next: UserSort = isActive ? ((isDesc ? field : `-${field}`)) : ((defaultDesc ? `-${field}` : field));
  return (
    <Th aria-sort={isActive ? (isDesc ? "descending" : "ascending") : undefined}>
      <Link href={sortHref(next)} className="inline-flex items-center gap-1 hover:text-slate-800">
        {label}
        <span aria-hidden="true" className={cx(isActive ? "text-slate-700" : "text-slate-300")}>
          {isActive && isDesc ? "↓" : "↑"}
        </span>
        <span className="sr-only">, sort {next.startsWith("-") ? "descending" : "ascending"}</span>
      </Link>
    </Th>
  );
}

function UsersTable({
  rows,
  sort,
  sortHref,
  userHref,
  groupHref,
}: {
  rows: UserRow[];
  sort: UserSort;
  sortHref: (s: UserSort) => string;
  userHref: (id: string) => string;
  groupHref: (id: string) => string;
}) {
  return (
    <Table label="Users">
      <thead>
        <tr>
          <Th>Name</Th>
          <SortHeader label="userName" field="userName" sort={sort} sortHref={sortHref} />
          <Th>Primary email</Th>
          <Th>Status</Th>
          <Th>Groups</Th>
          <SortHeader label="Last change" field="updated" sort={sort} sortHref={sortHref} defaultDesc />
        </tr>
      </thead>
      <Tbody>
        {rows.map((u) => (
          <tr key={u.id} className="hover:bg-slate-50">
            <Td className="whitespace-nowrap">
              <Link href={userHref(u.id)} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                {personName(u)}
              </Link>
            </Td>
            <Td className="max-w-[18rem] truncate font-mono text-xs" title={u.userName}>
              {u.userName}
            </Td>
            <Td className="max-w-[18rem] truncate" title={u.primaryEmail ?? undefined}>
              {u.primaryEmail ?? <span className="text-slate-500">—</span>}
            </Td>
            <Td>{u.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Inactive</Badge>}</Td>
            <Td className="max-w-[16rem]">
              {u.groupCount === 0 ? (
                <span className="text-slate-500">—</span>
              ) : (
                <span className="flex flex-wrap gap-1">
                  {u.groups.slice(0, 2).map((g) => (
                    <Link key={g.id} href={groupHref(g.id)} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-200">
                      {g.displayName}
                    </Link>
                  ))}
                  {u.groupCount > 2 ? <span className="text-xs text-slate-500">+{u.groupCount - 2} more</span> : null}
                </span>
              )}
            </Td>
            <Td className="whitespace-nowrap text-slate-500">
              <TimeAgo date={u.updatedAt} />
            </Td>
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
