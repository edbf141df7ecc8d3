// One rendering of events for the Events tab and the user / group histories: what
// happened in a sentence, links to the resources that still exist, and when.
import { Link } from "./link";
import type { ReactNode } from "react";
import { type EventType } from "@/db/schema";
import type { EventRow } from "@/lib/directory/portal";
import { cx } from "@/app/_components/ui";

import { withParams } from "./table";
import { TimeAgo } from "./time-ago";

export const EVENT_LABELS: Record<EventType, string> = {
  "user.created": "User created",
  "user.updated": "User updated",
  "user.deactivated": "User deactivated",
  "user.reactivated": "User reactivated",
  "user.deleted": "User deleted",
  "group.created": "Group created",
  "group.updated": "Group updated",
  "group.deleted": "Group deleted",
  "group.member_added": "Member added",
  "group.member_removed": "Member removed",
  "directory.enabled": "Directory enabled",
  "directory.disabled": "Directory disabled",
  "directory.silent": "Provider went silent",
  "directory.active_again": "Provider active again",
  "directory.deprovisioning_held": "Deprovisioning held",
  "directory.deprovisioning_released": "Held changes released",
  "directory.deprovisioning_discarded": "Held changes discarded",
};

const TONES: Record<EventType, "green" | "blue" | "amber" | "red" | "gray"> = {
  "user.created": "green",
  "user.updated": "blue",
  "user.deactivated": "amber",
  "user.reactivated": "green",
  "user.deleted": "red",
  "group.created": "green",
  "group.updated": "blue",
  "group.deleted": "red",
  "group.member_added": "green",
  "group.member_removed": "amber",
  "directory.enabled": "green",
  "directory.disabled": "amber",
  "directory.silent": "red",
  "directory.active_again": "green",
  "directory.deprovisioning_held": "red",
  "directory.deprovisioning_released": "green",
  "directory.deprovisioning_discarded": "amber",
};

const DOT: Record<string, string> = {
  green: "bg-emerald-500",
  blue: "bg-brand-500",
  amber: "bg-amber-500",
  red: "bg-red-500",
  gray: "bg-slate-400",
};


const DIRECTORY_VERBS = {
  "directory.enabled": "enabled",
  "directory.disabled": "disabled",
  "directory.silent": "went silent: no successful request from the identity provider within the expected time",
  "directory.active_again": "is receiving requests again",
  "directory.deprovisioning_held": "deactivated or deleted an unusual share of its users: those changes are held back from your application",
  "directory.deprovisioning_released": "held deprovisioning changes were released to your application",
  "directory.deprovisioning_discarded": "held deprovisioning changes were discarded",
} as const;

export type EventLinks = {
  user: (id: string) => string;
  group: (id: string) => string;
  scim: string;
};

/** Links to a user, a group and the SCIM tab, naming the directory when one is given. */
export function resourceLinks(slug: string, directory: string | undefined): EventLinks {
  return {
    user: (id) => withParams(`/orgs/${slug}/users/${id}`, {}, { directory }),
    group: (id) => withParams(`/orgs/${slug}/groups/${id}`, {}, { directory }),
    scim: withParams(`/orgs/${slug}/scim`, {}, { directory }),
  };
}

/** The event as a sentence, with links to the user and group it concerns. */
export function describeEvent(e: EventRow, links: EventLinks, perspective?: "user" | "group"): ReactNode {
  const linkClass = "font-medium text-slate-900 hover:text-brand-700 hover:underline";
  const userLink = (id: string, label: string, isGone: boolean) =>
    isGone ? (
      <span className="font-medium text-slate-900">{label}</span>
    ) : (
      <Link href={links.user(id)} className={linkClass}>
        {label}
      </Link>
    );
  const groupLink = (id: string, label: string, isGone: boolean) =>
    isGone ? (
      <span className="font-medium text-slate-900">{label}</span>
    ) : (
      <Link href={links.group(id)} className={linkClass}>
        {label}
      </Link>
    );
  // A role change (a mapping, the role set or a mapped group's membership): say what moved.
  if (e.type === "user.updated" && e.data.previous && Object.keys(e.data.previous).length === 1 && Array.isArray(e.data.previous.roles)) {
    const names = (roles: { name?: unknown }[]) => roles.map((r) => String(r.name)).join(", ") || "none";
    const change = `now ${names(e.data.user.roles)} (were ${names(e.data.previous.roles as { name?: unknown }[])})`;
    if (perspective === "user") return <>{`Roles changed: ${change}`}</>;
    return (
      <>
        {userLink(e.resourceId, e.data.user.fullName, false)}&apos;s roles changed: {change}
      </>
    );
  }
  switch (e.type) {
    case "user.created":
    case "user.updated":
    case "user.deactivated":
    case "user.reactivated":
    case "user.deleted": {
      const verb = EVENT_LABELS[e.type].replace(/^User /, "");
      if (perspective === "user") return <>{EVENT_LABELS[e.type]}</>;
      return (
        <>
          {userLink(e.resourceId, e.data.user.fullName, e.type === "user.deleted")} {verb}
        </>
      );
    }
    case "group.created":
    case "group.updated":
    case "group.deleted": {
      const verb = EVENT_LABELS[e.type].replace(/^Group /, "");
      if (perspective === "group") return <>{EVENT_LABELS[e.type]}</>;
      return (
        <>
          Group {groupLink(e.resourceId, e.data.group.displayName, e.type === "group.deleted")} {verb}
        </>
      );
    }
    case "group.member_added":
    case "group.member_removed": {
      const isAdded = e.type === "group.member_added";
      const user = userLink(e.data.user.id, e.data.user.fullName, false);
      const group = groupLink(e.data.group.id, e.data.group.displayName, false);
      if (perspective === "user") return <>{isAdded ? <>Added to {group}</> : <>Removed from {group}</>}</>;
      if (perspective === "group") return <>{isAdded ? <>{user} added</> : <>{user} removed</>}</>;
      return isAdded ? (
        <>
          {user} added to {group}
        </>
      ) : (
        <>
          {user} removed from {group}
        </>
      );
    }
    case "directory.enabled":
    case "directory.disabled":
    case "directory.silent":
    case "directory.active_again":
    case "directory.deprovisioning_held":
    case "directory.deprovisioning_released":
    case "directory.deprovisioning_discarded":
      return (
        <>
          <Link href={links.scim} className={linkClass}>
            {e.data.directory.name}
          </Link>{" "}
          {DIRECTORY_VERBS[e.type]}
        </>
      );
  }
}

export function EventTimeline({
  events,
  links,
  perspective,
  label,
  note,
}: {
  events: EventRow[];
  /** Links for one event's resources (they may differ per event's directory). */
  links: EventLinks | ((directoryId: string | null) => EventLinks);
  perspective?: "user" | "group";
  label: string;
  /** A second line under the event (the directory, when there are several). */
  note?: ((e: EventRow) => ReactNode) | undefined;
}) {
  return (
    <ol aria-label={label} className="relative space-y-0">
      {events.map((e, i) => {
        const tone = TONES[e.type];
        return (
          <li key={e.id} className="relative flex gap-3 pb-5 last:pb-0">
            {i < events.length - 1 ? (
              <span aria-hidden="true" className="absolute left-[5px] top-4 h-full w-px bg-slate-200" />
            ) : null}
            <span aria-hidden="true" className={cx("relative mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ring-4 ring-white", DOT[tone])} />
            <div className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
              <div className="min-w-0">
                <p className="text-sm text-slate-600">
                  {describeEvent(e, typeof links === "function" ? links(e.directoryId) : links, perspective)}
                </p>
                {note ? <p className="text-xs text-slate-500">{note(e)}</p> : null}
              </div>
              <p className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
                {e.holdId ? (
                  <span title="Held back from your application by the deprovisioning guard" className="rounded bg-red-50 px-1.5 py-0.5 font-medium text-red-700 ring-1 ring-inset ring-red-200">
                    Held
                  </span>
                ) : null}
                <span className="font-mono text-slate-500">{e.type}</span>
                <TimeAgo date={e.createdAt} />
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
