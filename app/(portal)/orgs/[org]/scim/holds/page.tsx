// Review of the deprovisioning guard's holds for one directory: what the current hold keeps
// back from the application (with Release / Discard), and the holds before it.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, Card, CardHeader, EmptyState } from "@/app/_components/ui";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { currentHold, listHolds } from "@/lib/directory/deprovision-guard";
import { listHeldEvents, resolvePortalDirectory } from "@/lib/directory/portal";
import { EventTimeline, resourceLinks } from "../../_components/event-list";
import { Link } from "../../_components/link";
import { LiveUpdates } from "../../_components/live-updates";
import { Pager, param } from "../../_components/table";
import { TimeAgo } from "../../_components/time-ago";
import { HoldAlert } from "../guard-card";

export const metadata: Metadata = { title: "Held deprovisioning" };

const STATUS_TONE = { holding: "red", released: "green", discarded: "amber" } as const;

export default async function HoldsPage({
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
  const [hold, history] = await Promise.all([currentHold(scope.db, directory.id), listHolds(scope.db, directory.id)]);
  const current = { directory: directory.id, after: param(sp.after), before: param(sp.before) };
  const held = hold ? await listHeldEvents(dirScope, hold.id, { after: current.after, before: current.before }) : undefined;
  const links = resourceLinks(org.slug, directory.id);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <nav aria-label="Back" className="text-sm">
          <Link href={`/orgs/${org.slug}/scim?directory=${directory.id}`} className="text-slate-600 hover:text-slate-800">
            ← SCIM Provisioning
          </Link>
        </nav>
        <div className="flex items-center gap-3">
          <h2 className="text-lg font-semibold text-slate-900">Held deprovisioning · {directory.name}</h2>
          <LiveUpdates slug={org.slug} />
        </div>
      </div>

      {hold && held ? (
        <>
          <HoldAlert slug={org.slug} directory={directory} hold={hold} />
          <Card>
            <CardHeader title="Held changes" description="Applied in Roster, not yet sent to your application (feed and webhooks)." />
            <div className="px-5 py-5">
              <EventTimeline events={held.rows} links={links} label="Held changes" />
            </div>
            <Pager
              pathname={`/orgs/${org.slug}/scim/holds`}
              params={current}
              prevCursor={held.prevCursor}
              nextCursor={held.nextCursor}
              label="Held changes pages"
            />
          </Card>
        </>
      ) : (
        <Card>
          <EmptyState
            title="Nothing is held"
            description="Deactivations and deletions reach your application as they happen. A mass deprovisioning beyond the guard's rule would be held here for review."
          />
        </Card>
      )}

      <Card>
        <CardHeader title="Holds" description="Every time the guard held changes back, and what became of them." />
        {history.length === 0 ? (
          <p className="px-5 pb-5 text-sm text-slate-600">The guard has not held anything for this directory.</p>
        ) : (
          <ul role="list" aria-label="Holds" className="divide-y divide-slate-100">
            {history.map((h) => (
              <li key={h.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm">
                <span className="text-slate-700">
                  {h.trigger.deprovisioned.toLocaleString("en")} of {h.trigger.users.toLocaleString("en")} users within{" "}
                  {h.trigger.windowMinutes} minutes · held <TimeAgo date={h.createdAt} />
                  {h.resolvedAt ? (
                    <>
                      {" "}
                      · {h.status} <TimeAgo date={h.resolvedAt} />
                    </>
                  ) : null}
                </span>
                <Badge tone={STATUS_TONE[h.status]}>{h.status === "holding" ? "Waiting for review" : h.status}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
