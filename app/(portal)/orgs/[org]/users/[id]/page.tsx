import type { Metadata } from "next";
import { Link } from "../../_components/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Badge, Card, CardHeader, EmptyState } from "@/app/_components/ui";
import { scimBaseUrl } from "@/lib/directory/directories";
import { getUserDetail, listResourceEvents, resolvePortalDirectory } from "@/lib/directory/portal";
import { ENTERPRISE_USER_SCHEMA } from "@/lib/scim/schema";
import { serializeUser } from "@/lib/scim/resources";
import { requireOrgScope } from "@/lib/auth/request-scope";
import {
  AttributeList,
  Meta,
  MultiValued,
  Value,
  formatAddress,
  humanize,
  initials,
  isEmpty,
  isRecord,
  personName,
} from "../../_components/attributes";
import { EventTimeline, resourceLinks } from "../../_components/event-list";
import { JsonBlock } from "../../_components/json-block";
import { LiveUpdates } from "../../_components/live-updates";
import { requestOrigin } from "../../_components/request-origin";
import { Pager, param, withParams } from "../../_components/table";
import { TimeAgo } from "../../_components/time-ago";

export const metadata: Metadata = { title: "User" };

/** Attributes laid out in their own sections; everything else lands in "Other attributes". */
const SHOWN = new Set([
  "schemas",
  "id",
  "meta",
  "externalId",
  "userName",
  "name",
  "displayName",
  "nickName",
  "profileUrl",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "active",
  "password",
  "emails",
  "phoneNumbers",
  "ims",
  "photos",
  "addresses",
  "groups",
  "entitlements",
  "roles",
  "x509Certificates",
]);

export default async function UserPage({
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
  const user = await getUserDetail(dirScope, id);
  if (!user) notFound();

  const directoryParam = all.length > 1 ? directory.id : undefined;
  const pathname = `/orgs/${org.slug}/users/${user.id}`;
  const current = { directory: directoryParam, after: param(sp.after), before: param(sp.before) };
  const [history, origin] = await Promise.all([
    listResourceEvents(dirScope, { type: "user", id: user.id }, { after: current.after, before: current.before }),
    requestOrigin(),
  ]);
  const links = resourceLinks(org.slug, directoryParam);
  const scim = serializeUser(
    { ...user, groups: user.groups.map((g) => ({ value: g.id, display: g.displayName })) },
    scimBaseUrl(directory.id, origin),
  );
  const data = user.data;
  const name = isRecord(data.name) ? data.name : {};
  const enterprise = isRecord(data[ENTERPRISE_USER_SCHEMA]) ? data[ENTERPRISE_USER_SCHEMA] : undefined;
  const extensions = Object.entries(data).filter(([k, v]) => k.startsWith("urn:") && k !== ENTERPRISE_USER_SCHEMA && isRecord(v));
  const others = Object.entries(data).filter(([k, v]) => !SHOWN.has(k) && !k.startsWith("urn:") && !isEmpty(v));
  const fullName = personName({ ...user, formatted: typeof name.formatted === "string" ? name.formatted : null });
  const manager = enterprise && isRecord(enterprise.manager) ? enterprise.manager : undefined;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Back" className="text-sm">
          <Link href={withParams(`/orgs/${org.slug}/users`, {}, { directory: directoryParam })} className="text-slate-500 hover:text-slate-700">
            ← Users
          </Link>
        </nav>
        <LiveUpdates slug={org.slug} />
      </div>

      <Card>
        <div className="flex flex-wrap items-center gap-4 px-5 py-5">
          <span
            aria-hidden="true"
            className="flex h-14 w-14 shrink-0 items-center justify-center rounded-full bg-brand-50 text-lg font-semibold text-brand-700 ring-1 ring-inset ring-brand-100"
          >
            {initials(fullName)}
          </span>
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="truncate text-xl font-semibold text-slate-900">{fullName}</h2>
              {user.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Inactive</Badge>}
            </div>
            <p className="truncate font-mono text-sm text-slate-500">{user.userName}</p>
          </div>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
            <Meta label="Created">
              <TimeAgo date={user.createdAt} />
            </Meta>
            <Meta label="Last change">
              <TimeAgo date={user.updatedAt} />
            </Meta>
            <Meta label="Version">{user.version}</Meta>
            <Meta label="External id">{user.externalId ?? <span className="text-slate-500">—</span>}</Meta>
          </dl>
        </div>
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Profile" />
            <div className="p-5">
              <AttributeList
                items={[
                  ["Display name", data.displayName],
                  ["Formatted name", name.formatted],
                  ["Given name", name.givenName],
                  ["Middle name", name.middleName],
                  ["Family name", name.familyName],
                  ["Honorific prefix", name.honorificPrefix],
                  ["Honorific suffix", name.honorificSuffix],
                  ["Nickname", data.nickName],
                  ["Title", data.title],
                  ["User type", data.userType],
                  ["Preferred language", data.preferredLanguage],
                  ["Locale", data.locale],
                  ["Time zone", data.timezone],
                  ["Profile URL", data.profileUrl],
                  ["SCIM id", user.id],
                ]}
              />
            </div>
          </Card>

          <Card>
            <CardHeader title="Contact" />
            <div className="space-y-5 p-5">
              <Section label="Emails" value={data.emails} />
              <Section label="Phone numbers" value={data.phoneNumbers} />
              <Section label="Addresses" value={data.addresses} render={formatAddress} />
              <Section label="Instant messaging" value={data.ims} />
              <Section label="Photos" value={data.photos} />
              {[data.emails, data.phoneNumbers, data.addresses, data.ims, data.photos].every(isEmpty) ? (
                <p className="text-sm text-slate-500">No contact details were provisioned.</p>
              ) : null}
            </div>
          </Card>

          {enterprise ? (
            <Card>
              <CardHeader title="Enterprise" description="urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" />
              <div className="p-5">
                <AttributeList
                  items={[
                    ["Employee number", enterprise.employeeNumber],
                    ["Cost center", enterprise.costCenter],
                    ["Organization", enterprise.organization],
                    ["Division", enterprise.division],
                    ["Department", enterprise.department],
                    [
                      "Manager",
                      manager
                        ? [manager.displayName, manager.value].filter((v) => typeof v === "string" && v).join(" · ")
                        : enterprise.manager,
                    ],
                    ...Object.entries(enterprise)
                      .filter(([k]) => !["employeeNumber", "costCenter", "organization", "division", "department", "manager"].includes(k))
                      .map(([k, v]): [string, unknown] => [humanize(k), v]),
                  ]}
                />
              </div>
            </Card>
          ) : null}

          {extensions.map(([urn, value]) => (
            <Card key={urn}>
              <CardHeader title="Custom attributes" description={urn} />
              <div className="p-5">
                <AttributeList items={Object.entries(value as Record<string, unknown>).map(([k, v]) => [humanize(k), v])} />
              </div>
            </Card>
          ))}

          {others.length > 0 || [data.roles, data.entitlements, data.x509Certificates].some((v) => !isEmpty(v)) ? (
            <Card>
              <CardHeader title="Other attributes" />
              <div className="space-y-5 p-5">
                <Section label="Roles" value={data.roles} />
                <Section label="Entitlements" value={data.entitlements} />
                <Section label="X.509 certificates" value={data.x509Certificates} />
                {others.length > 0 ? <AttributeList items={others.map(([k, v]) => [humanize(k), v])} /> : null}
              </div>
            </Card>
          ) : null}
        </div>

        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title="Groups" description={`${user.groups.length} ${user.groups.length === 1 ? "group" : "groups"}`} />
            {user.groups.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">Not a member of any group.</p>
            ) : (
              <ul aria-label="Groups" className="divide-y divide-slate-100">
                {user.groups.map((g) => (
                  <li key={g.id}>
                    <Link href={links.group(g.id)} className="block px-5 py-3 text-sm font-medium text-slate-800 hover:bg-slate-50 hover:text-brand-700">
                      {g.displayName}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <CardHeader title="Roles" description="From the directory's group → role mapping (Groups tab)." />
            {user.roles.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">{user.active ? "No role." : "No role while deactivated."}</p>
            ) : (
              <ul aria-label="Roles" className="flex flex-wrap gap-2 px-5 py-4">
                {user.roles.map((r) => (
                  <li key={r.key}>
                    <Badge tone="blue">{r.name}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <CardHeader title="History" />
            {history.rows.length === 0 ? (
              <EmptyState title="No events" description="Changes to this user are recorded here." />
            ) : (
              <>
                <div className="p-5">
                  <EventTimeline events={history.rows} links={links} perspective="user" label="User history" />
                </div>
                {history.prevCursor || history.nextCursor ? (
                  <Pager
                    pathname={pathname}
                    params={current}
                    prevCursor={history.prevCursor}
                    nextCursor={history.nextCursor}
                    label="History pages"
                  />
                ) : null}
              </>
            )}
          </Card>
        </div>
      </div>

      <Card>
        <CardHeader title="SCIM resource" description="As GET /Users/{id} returns it to the identity provider." />
        <div className="p-5">
          <JsonBlock value={scim} label="Raw SCIM JSON" />
        </div>
      </Card>
    </div>
  );
}

function Section({ label, value, render }: { label: string; value: unknown; render?: (v: Record<string, unknown>) => ReactNode }) {
  if (isEmpty(value)) return null;
  return (
    <div>
      <h3 className="mb-2 text-xs font-medium text-slate-500">{label}</h3>
      {Array.isArray(value) ? <MultiValued values={value} render={render} /> : <Value value={value} />}
    </div>
  );
}
