import type { Metadata } from "next";
import { ButtonLink, Card, EmptyState } from "@/app/_components/ui";
import { type EventType } from "@/db/schema";
import { listDirectories } from "@/lib/directory/directories";
import { EVENT_FILTERS, type EventFilter, isEventType, listOrganizationEvents } from "@/lib/directory/portal";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { EVENT_LABELS, EventTimeline, resourceLinks } from "../_components/event-list";
import { SearchForm } from "../_components/search-form";
import { TabHeader } from "../_components/tab-header";
import { Pager, param } from "../_components/table";

export const metadata: Metadata = { title: "Events" };

const FILTER_LABELS: Record<EventFilter, string> = {
  users: "All user events",
  groups: "All group events",
  membership: "All membership changes",
  directory: "Directory enabled / disabled",
};

export default async function EventsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const scope = await requireOrgScope((await params).org);
  const { org } = scope;
  const sp = await searchParams;
  const pathname = `/orgs/${org.slug}/events`;
  const directories = await listDirectories(scope.db, org.id);
  const typeParam = param(sp.type) ?? "";
  const types: readonly EventType[] | undefined =
    typeParam in EVENT_FILTERS ? EVENT_FILTERS[typeParam as EventFilter] : isEventType(typeParam) ? [typeParam] : undefined;
  const current = { type: types ? typeParam : undefined, after: param(sp.after), before: param(sp.before) };
  const page = await listOrganizationEvents(scope, { types, after: current.after, before: current.before });
  // With several directories, resource links must say which one the resource lives in.
  const directoryLinks = (directoryId: string | null) =>
    resourceLinks(org.slug, directories.length > 1 && directoryId ? directoryId : undefined);

  return (
    <div className="space-y-6">
      <TabHeader
        title="Events"
        slug={org.slug}
        basePath={pathname}
        description="Every change the identity provider made, newest first. The same events feed webhooks and the events API."
      />
      <Card>
        <div className="border-b border-slate-200 px-4 py-4 sm:px-5">
          <SearchForm
            selects={[
              {
                name: "type",
                label: "Event type",
                value: current.type ?? "",
                options: [
                  { value: "", label: "All events" },
                  ...(Object.keys(EVENT_FILTERS) as EventFilter[]).map((f) => ({ value: f, label: FILTER_LABELS[f] })),
                  ...(Object.keys(EVENT_LABELS) as EventType[]).map((t) => ({ value: t, label: `${EVENT_LABELS[t]} (${t})` })),
                ],
              },
            ]}
          />
        </div>
        {page.rows.length === 0 ? (
          types ? (
            <EmptyState
              title="No events of this type"
              description="Try another type, or show all events."
              action={
                <ButtonLink prefetch={false} href={pathname} size="sm">
                  Show all events
                </ButtonLink>
              }
            />
          ) : (
            <EmptyState
              title="No events yet"
              description={
                directories.length === 0
                  ? "Connect an identity provider on the SCIM Provisioning tab; its changes are recorded here."
                  : "Changes appear here, without a reload, as the identity provider provisions users and groups."
              }
            />
          )
        ) : (
          <>
            <div className="px-5 py-5">
              <EventTimeline
                events={page.rows}
                links={directoryLinks}
                label="Events"
                note={
                  directories.length > 1
                    ? (e) => directories.find((d) => d.id === e.directoryId)?.name ?? "Deleted directory"
                    : undefined
                }
              />
            </div>
            <Pager pathname={pathname} params={current} prevCursor={page.prevCursor} nextCursor={page.nextCursor} label="Events pages" />
          </>
        )}
      </Card>
    </div>
  );
}
