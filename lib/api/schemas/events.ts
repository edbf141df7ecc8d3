// The events feed: every change, in commit-safe order, with a cursor to poll forever.
import { z } from "zod";
import { EVENT_TYPES, PROVIDERS } from "@/db/schema";
import {
  type DirectoryEventType,
  type DirectoryState,
  type GroupEventType,
  type MembershipEventType,
  type UserEventType,
} from "@/lib/directory/payloads";
import { defineOperation } from "../operation";
import { timestamp } from "./common";
import { Group, User } from "./users";

// The types of each data shape, from the one list (db/schema.ts), so a new type is
// documented with its shape the moment it exists.
type NonEmpty<T> = [T, ...T[]];
const MEMBERSHIP_EVENTS: NonEmpty<MembershipEventType> = ["group.member_added", "group.member_removed"];
const USER_EVENTS = EVENT_TYPES.filter((t): t is UserEventType => t.startsWith("user.")) as NonEmpty<UserEventType>;
const GROUP_EVENTS = EVENT_TYPES.filter(
  (t): t is GroupEventType => t.startsWith("group.") && !(MEMBERSHIP_EVENTS as string[]).includes(t),
) as NonEmpty<GroupEventType>;
const DIRECTORY_EVENTS = EVENT_TYPES.filter((t): t is DirectoryEventType => t.startsWith("directory.")) as NonEmpty<DirectoryEventType>;

const Previous = z
  .record(z.string(), z.unknown())
  .meta({ description: "The top-level attributes that changed, with their values before the change (null: absent)." });

const DirectoryState = z.object({
  id: z.uuid(),
  organizationId: z.uuid(),
  name: z.string(),
  provider: z.string().meta({ description: `One of ${PROVIDERS.join(", ")}.` }),
  status: z.enum(["active", "disabled"]),
  lastActivityAt: z.string().optional().meta({ description: "directory.silent / directory.active_again: the last successful request before the silence." }),
  expectedActivityMinutes: z.number().optional().meta({ description: "directory.silent: how long the directory may be quiet before it is flagged." }),
}) satisfies z.ZodType<DirectoryState>;

const envelope = {
  id: z.string().meta({ description: "evt_…, unique; a webhook delivery's webhook-id." }),
  createdAt: timestamp,
  organizationId: z.uuid(),
  directoryId: z.uuid().nullable(),
};

export const Event = z
  .discriminatedUnion("type", [
    z.object({ ...envelope, type: z.enum(USER_EVENTS), data: z.object({ user: User, previous: Previous.optional() }) }),
    z.object({ ...envelope, type: z.enum(GROUP_EVENTS), data: z.object({ group: Group, previous: Previous.optional() }) }),
    z.object({ ...envelope, type: z.enum(MEMBERSHIP_EVENTS), data: z.object({ group: Group, user: User }) }),
    z.object({ ...envelope, type: z.enum(DIRECTORY_EVENTS), data: z.object({ directory: DirectoryState }) }),
  ])
  .meta({
    id: "Event",
    description: "One change. `data` holds the resource's whole state after it (before it, for a deletion).",
  });

export const feedQuery = z.object({
  after: z.string().min(1).max(200).optional().meta({ description: "The nextCursor of the previous read; omit to start at the oldest retained event." }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  types: z
    .string()
    .transform((v) => v.split(",").map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.enum(EVENT_TYPES)))
    .optional()
    .meta({ description: "Comma-separated event types, e.g. user.created,group.member_added." }),
  organizationId: z.uuid().optional(),
  directoryId: z.uuid().optional(),
});

export const FeedPage = z
  .object({
    data: z.array(Event),
    nextCursor: z.string().meta({ description: "Always present, even when data is empty: poll with it forever." }),
    hasMore: z.boolean().meta({ description: "True when more events are ready now: read again without waiting." }),
  })
  .meta({ id: "EventPage" });

export const eventOperations = {
  feed: defineOperation({
    method: "GET",
    path: "/api/v1/events",
    operationId: "listEvents",
    summary: "Read the events feed",
    description:
      "Events in commit-safe order: a change that commits late is read on the next poll, never skipped. " +
      "A cursor older than the event retention (ROSTER_EVENT_RETENTION_DAYS, default 30) is answered 410 cursor_expired: " +
      "resynchronise from the users and groups lists, then read the feed again without `after`.",
    tag: "Events",
    query: feedQuery,
    success: { status: 200, description: "A page of events and the cursor to continue from.", schema: FeedPage },
    errors: [400, 410],
  }),
};
