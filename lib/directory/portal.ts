// Read models for the Admin Portal: the directory's health, its request log, and the
// users / groups / events tables. Every exported read takes an organisation scope
// (lib/auth/scope.ts: a principal checked against the organization in the URL, and for
// the directory reads a directory of that organization) and binds it into every query,
// so a page can never show another customer's rows and no caller can skip the check.
//
// Paging is keyset everywhere (never OFFSET) and counts over large sets are capped, so a
// directory of 100,000 users pages and searches at the cost of one index range scan.
import { type SQL, and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import {
  type Directory,
  EVENT_TYPES,
  type EventType,
  directoryGroups as groupsTable,
  directoryUsers as usersTable,
  groupMembers,
  scimRequests,
} from "@/db/schema";
import { isUuid } from "@/lib/auth/scim-token";
import { type Page, type PageRequest, decodeCursor, encodeCursor, fromMicrosSql, isMicros, microsSql, toPage } from "./pagination";
import { type GroupRef, type RoleRef, userGroupsSql, userRolesSql } from "./payloads";
import { hasBytewiseCollation, userSearchSql } from "./read/users";
import { type EventFilters, type StoredEvent, readEventsNewestFirst } from "@/lib/events/reader";
import { type DirectoryScope, type OrgScope, resolveDirectoryScope } from "@/lib/auth/scope";

/** A directory known to belong to the organization of the request. */
export type PortalDirectory = Pick<Directory, "id" | "organizationId" | "name" | "provider" | "status" | "createdAt">;

export const PAGE_SIZE = 50;
/** Filtered result counts stop here ("1,000+ users"): exact counts are not worth a full scan. */
export const COUNT_CAP = 1000;

/**
 * The directory a portal page shows: the one named in `?directory=` when it belongs to
 * the scope's organization, else the organization's first. Undefined when it has none.
 */
export function resolvePortalDirectory(
  scope: OrgScope,
  requested?: string,
): Promise<{ directory: DirectoryScope | undefined; all: Directory[] }> {
  return resolveDirectoryScope(scope, requested);
}

// ---------------------------------------------------------------------------------------
// Cursors and pages: the read model's one codec and keyset pages (./pagination.ts); a
// tampered cursor is a first page.

export { type Cursor, type Page, type PageRequest, decodeCursor, encodeCursor } from "./pagination";

// ---------------------------------------------------------------------------------------
// Connection health and the request log

export type RequestSummary = {
  id: number;
  createdAt: Date;
  method: string;
  path: string;
  query: string | null;
  status: number;
  durationMs: number;
  userAgent: string | null;
};

export type DirectoryHealth = {
  lastRequest: RequestSummary | undefined;
  userCount: number;
  activeUserCount: number;
  groupCount: number;
  requests24h: number;
  errors24h: number;
};

const requestSummaryColumns = {
  id: scimRequests.id,
  createdAt: scimRequests.createdAt,
  method: scimRequests.method,
  path: scimRequests.path,
  query: scimRequests.query,
  status: scimRequests.status,
  durationMs: scimRequests.durationMs,
  userAgent: scimRequests.userAgent,
};

export async function getDirectoryHealth(scope: DirectoryScope): Promise<DirectoryHealth> {
  const { db, directory } = scope;
  const [lastRequest] = await db
    .select(requestSummaryColumns)
    .from(scimRequests)
    .where(eq(scimRequests.directoryId, directory.id))
    .orderBy(desc(scimRequests.id))
    .limit(1);
  // Exact counts: each is an index-only range scan over this directory's rows.
  const [counts] = await queryRows<{ users: number; active: number; groups: number; requests: number; errors: number }>(
    db,
    sql`select
      (select count(*)::int from directory_users where directory_id = ${directory.id}) as users,
      (select count(*)::int from directory_users where directory_id = ${directory.id} and active) as active,
      (select count(*)::int from directory_groups where directory_id = ${directory.id}) as groups,
      (select count(*)::int from scim_requests
        where directory_id = ${directory.id} and created_at > now() - interval '24 hours') as requests,
      (select count(*)::int from scim_requests
        where directory_id = ${directory.id} and created_at > now() - interval '24 hours' and status >= 400) as errors`,
  );
  return {
    lastRequest,
    userCount: Number(counts?.users ?? 0),
    activeUserCount: Number(counts?.active ?? 0),
    groupCount: Number(counts?.groups ?? 0),
    requests24h: Number(counts?.requests ?? 0),
    errors24h: Number(counts?.errors ?? 0),
  };
}

export async function listRequests(
  scope: DirectoryScope,
  opts: PageRequest & { errorsOnly?: boolean; limit?: number },
): Promise<Page<RequestSummary>> {
  const { db, directory } = scope;
  const limit = opts.limit ?? PAGE_SIZE;
  const after = decodeCursor(opts.after);
  const before = decodeCursor(opts.before);
  const conditions: (SQL | undefined)[] = [eq(scimRequests.directoryId, directory.id)];
  if (opts.errorsOnly) conditions.push(sql`${scimRequests.status} >= 400`);
  // Newest first: "after" walks towards older ids, "before" back towards newer ones.
  const afterId = after && /^\d+$/.test(after.id) ? Number(after.id) : undefined;
  const beforeId = !afterId && before && /^\d+$/.test(before.id) ? Number(before.id) : undefined;
  if (afterId) conditions.push(lt(scimRequests.id, afterId));
  if (beforeId) conditions.push(gt(scimRequests.id, beforeId));
  const rows = await db
    .select(requestSummaryColumns)
    .from(scimRequests)
    .where(and(...conditions))
    .orderBy(beforeId ? scimRequests.id : desc(scimRequests.id))
    .limit(limit + 1);
  return toPage(rows, limit, { after: afterId ? opts.after : undefined, before: beforeId ? opts.before : undefined }, (r) => ({
    v: "",
    id: String(r.id),
  }));
}

export type RequestDetail = RequestSummary & {
  requestId: string;
  requestBody: string | null;
  responseBody: string | null;
  errorDetail: string | null;
};

export async function getRequest(scope: DirectoryScope, id: number): Promise<RequestDetail | undefined> {
  const { db, directory } = scope;
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const [row] = await db
    .select({
      ...requestSummaryColumns,
      requestId: scimRequests.requestId,
      requestBody: scimRequests.requestBody,
      responseBody: scimRequests.responseBody,
      errorDetail: scimRequests.errorDetail,
    })
    .from(scimRequests)
    .where(and(eq(scimRequests.directoryId, directory.id), eq(scimRequests.id, id)));
  return row;
}

// ---------------------------------------------------------------------------------------
// Users

export const USER_SORTS = ["userName", "-userName", "created", "-created", "updated", "-updated"] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const USER_STATUSES = ["all", "active", "inactive"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type UserRow = {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  /** name.formatted, for lib/directory/person-name.ts. */
  formatted: string | null;
  primaryEmail: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  groups: { id: string; displayName: string }[];
  groupCount: number;
};

export type UserSearch = PageRequest & {
  q?: string | undefined;
  status?: UserStatus | undefined;
  sort?: UserSort | undefined;
  limit?: number | undefined;
};

export type Count = { value: number; isCapped: boolean };

const formattedNameSql = sql<string | null>`(${usersTable.data} -> 'name' ->> 'formatted')`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type UserOrder = { key: SQL; keyText: SQL<string>; isDesc: boolean; fromCursor: (v: string) => SQL | undefined };

function userOrder(sort: UserSort): UserOrder {
  const isDesc = sort.startsWith("-");
  const field = sort.replace(/^-/, "") as "userName" | "created" | "updated";
  if (field === "userName") {
    const key = sql`lower(${usersTable.userName})`;
    return { key, keyText: sql<string>`lower(${usersTable.userName})`, isDesc, fromCursor: (v) => sql`${v}::text` };
  }
  const column = field === "created" ? usersTable.createdAt : usersTable.updatedAt;
  return {
    key: sql`${column}`,
    keyText: microsSql(column),
    isDesc,
    fromCursor: (v) => (isMicros(v) ? fromMicrosSql(v) : undefined),
  };
}

export async function searchUsers(scope: DirectoryScope, search: UserSearch): Promise<Page<UserRow> & { count: Count }> {
  const { db, directory } = scope;
  const limit = search.limit ?? PAGE_SIZE;
  const order = userOrder(search.sort ?? "userName");
  const filters: SQL[] = [eq(usersTable.directoryId, directory.id)];
  if (search.status === "active") filters.push(eq(usersTable.active, true));
  if (search.status === "inactive") filters.push(eq(usersTable.active, false));
  const q = search.q?.trim().slice(0, 200);
  if (q) filters.push(userSearchSql(q, await hasBytewiseCollation(db)));
  const where = and(...filters)!;

  const after = decodeCursor(search.after);
  const before = after ? undefined : decodeCursor(search.before);
  const cursor = after ?? before;
  const isBackwards = Boolean(before);
  // Walking forwards in a descending sort, or backwards in an ascending one, goes down.
  const goesDown = order.isDesc !== isBackwards;
  let pageWhere: SQL = where;
  const cursorKey = cursor ? order.fromCursor(cursor.v) : undefined;
  if (cursor && cursorKey && isUuid(cursor.id)) {
    pageWhere = and(
      where,
      goesDown
        ? sql`(${order.key}, ${usersTable.id}) < (${cursorKey}, ${cursor.id}::uuid)`
        : sql`(${order.key}, ${usersTable.id}) > (${cursorKey}, ${cursor.id}::uuid)`,
    )!;
  }
  const direction = goesDown ? sql`desc` : sql`asc`;
  const fetched = await db
    .select({
      id: usersTable.id,
      userName: usersTable.userName,
      displayName: usersTable.displayName,
      givenName: usersTable.givenName,
      familyName: usersTable.familyName,
      formatted: formattedNameSql,
      primaryEmail: usersTable.primaryEmail,
      active: usersTable.active,
      createdAt: usersTable.createdAt,
      updatedAt: usersTable.updatedAt,
      sortKey: order.keyText,
      groups: sql<GroupRef[]>`${userGroupsSql(sql`${usersTable}`)}`,
    })
    .from(usersTable)
    .where(pageWhere)
    .orderBy(sql`${order.key} ${direction}`, sql`${usersTable.id} ${direction}`)
    .limit(limit + 1);

  const page = toPage(
    fetched,
    limit,
    { after: after ? search.after : undefined, before: before ? search.before : undefined },
    (r) => ({ v: r.sortKey, id: r.id }),
  );
  const rows: UserRow[] = page.rows.map(({ sortKey: _sortKey, ...r }) => ({ ...r, groupCount: r.groups.length }));
  const isFiltered = Boolean(q) || (search.status !== undefined && search.status !== "all");
  const count = isFiltered ? await cappedCount(db, sql`select 1 from ${usersTable} where ${where}`) : await exactUserCount(db, directory);
  return { ...page, rows, count };
}

async function exactUserCount(db: Executor, directory: PortalDirectory): Promise<Count> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from directory_users where directory_id = ${directory.id}`,
  );
  return { value: Number(row?.n ?? 0), isCapped: false };
}

async function cappedCount(db: Executor, rows: SQL): Promise<Count> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${rows} limit ${COUNT_CAP + 1}) t`);
  const n = Number(row?.n ?? 0);
  return n > COUNT_CAP ? { value: COUNT_CAP, isCapped: true } : { value: n, isCapped: false };
}

export type UserDetail = typeof usersTable.$inferSelect & { groups: { id: string; displayName: string }[]; roles: RoleRef[] };

export async function getUserDetail(scope: DirectoryScope, id: string): Promise<UserDetail | undefined> {
  const { db, directory } = scope;
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ user: usersTable, groups: sql<GroupRef[]>`${userGroupsSql(sql`${usersTable}`)}`, roles: sql<RoleRef[]>`${userRolesSql(sql`${usersTable}`)}` })
    .from(usersTable)
    .where(and(eq(usersTable.directoryId, directory.id), eq(usersTable.id, id)));
  return row ? { ...row.user, groups: row.groups, roles: row.roles } : undefined;
}

// ---------------------------------------------------------------------------------------
// Groups

export type GroupRow = {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  memberCount: number;
};

export async function searchGroups(
  scope: DirectoryScope,
  search: PageRequest & { q?: string | undefined; limit?: number },
): Promise<Page<GroupRow> & { count: Count }> {
  const { db, directory } = scope;
  const limit = search.limit ?? PAGE_SIZE;
  const filters: SQL[] = [eq(groupsTable.directoryId, directory.id)];
  const q = search.q?.trim().toLowerCase().slice(0, 200);
  // Groups number in the hundreds or thousands, not users' hundred thousand: a substring
  // match over the directory's groups is cheap and finds "Engineering" from "eng" or "ring".
  if (q) filters.push(sql`lower(${groupsTable.displayName}) like ${`%${escapeLike(q)}%`}`);
  const where = and(...filters)!;
  const after = decodeCursor(search.after);
  const before = after ? undefined : decodeCursor(search.before);
  const cursor = after ?? before;
  const key = sql`lower(${groupsTable.displayName})`;
  let pageWhere = where;
  // lower(display_name) is unique per directory, so it alone is a complete keyset.
  if (cursor) pageWhere = and(where, before ? sql`${key} < ${cursor.v}` : sql`${key} > ${cursor.v}`)!;
  const fetched = await db
    .select({
      id: groupsTable.id,
      displayName: groupsTable.displayName,
      externalId: groupsTable.externalId,
      createdAt: groupsTable.createdAt,
      updatedAt: groupsTable.updatedAt,
      // Kept by the membership statements in the same statement as the rows they change.
      memberCount: groupsTable.memberCount,
      sortKey: sql<string>`lower(${groupsTable.displayName})`,
    })
    .from(groupsTable)
    .where(pageWhere)
    .orderBy(before ? sql`${key} desc` : sql`${key} asc`)
    .limit(limit + 1);
  const page = toPage(fetched, limit, { after: after ? search.after : undefined, before: before ? search.before : undefined }, (r) => ({
    v: r.sortKey,
    id: r.id,
  }));
  const rows = page.rows.map(({ sortKey: _sortKey, ...r }) => r);
  const count = q
    ? await cappedCount(db, sql`select 1 from ${groupsTable} where ${where}`)
    : await cappedCount(db, sql`select 1 from ${groupsTable} where ${groupsTable.directoryId} = ${directory.id}`);
  return { ...page, rows, count };
}

export type GroupDetail = typeof groupsTable.$inferSelect;

export async function getGroupDetail(scope: DirectoryScope, id: string): Promise<GroupDetail | undefined> {
  const { db, directory } = scope;
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select()
    .from(groupsTable)
    .where(and(eq(groupsTable.directoryId, directory.id), eq(groupsTable.id, id)));
  return row;
}

export type MemberRow = {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  formatted: string | null;
  primaryEmail: string | null;
  active: boolean;
  addedAt: Date;
};

/**
 * A page of a group's members in primary-key order (user id), which the membership
 * table's primary key serves directly however large the group is.
 */
export async function listGroupMembers(
  scope: DirectoryScope,
  groupId: string,
  request: PageRequest & { limit?: number },
): Promise<Page<MemberRow>> {
  const { db, directory } = scope;
  if (!isUuid(groupId)) return { rows: [] };
  const limit = request.limit ?? PAGE_SIZE;
  const after = decodeCursor(request.after);
  const before = after ? undefined : decodeCursor(request.before);
  const cursor = after ?? before;
  const conditions: SQL[] = [eq(groupMembers.directoryId, directory.id), eq(groupMembers.groupId, groupId)];
  if (cursor && isUuid(cursor.id)) {
    conditions.push(before ? sql`${groupMembers.userId} < ${cursor.id}::uuid` : sql`${groupMembers.userId} > ${cursor.id}::uuid`);
    // The same bound on the users' side of the join: the planner merge-joins on the id and
    // would otherwise read the directory's users from its first id, not from the cursor.
    conditions.push(before ? sql`${usersTable.id} < ${cursor.id}::uuid` : sql`${usersTable.id} > ${cursor.id}::uuid`);
  }
  const fetched = await db
    .select({
      id: usersTable.id,
      userName: usersTable.userName,
      displayName: usersTable.displayName,
      givenName: usersTable.givenName,
      familyName: usersTable.familyName,
      formatted: formattedNameSql,
      primaryEmail: usersTable.primaryEmail,
      active: usersTable.active,
      addedAt: groupMembers.createdAt,
    })
    .from(groupMembers)
    .innerJoin(usersTable, and(eq(usersTable.directoryId, groupMembers.directoryId), eq(usersTable.id, groupMembers.userId)))
    .where(and(...conditions))
    .orderBy(before ? desc(groupMembers.userId) : groupMembers.userId)
    .limit(limit + 1);
  return toPage(fetched, limit, { after: after ? request.after : undefined, before: before ? request.before : undefined }, (r) => ({
    v: "",
    id: r.id,
  }));
}

// ---------------------------------------------------------------------------------------
// Events

export const EVENT_FILTERS = {
  users: ["user.created", "user.updated", "user.deactivated", "user.reactivated", "user.deleted"],
  groups: ["group.created", "group.updated", "group.deleted"],
  membership: ["group.member_added", "group.member_removed"],
  directory: [
    "directory.enabled",
    "directory.disabled",
    "directory.silent",
    "directory.active_again",
    "directory.deprovisioning_held",
    "directory.deprovisioning_released",
    "directory.deprovisioning_discarded",
  ],
} as const satisfies Record<string, readonly EventType[]>;
export type EventFilter = keyof typeof EVENT_FILTERS;

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** An event as the portal shows it: what the one reader (lib/events/reader.ts) returns. */
export type EventRow = StoredEvent;

type EventPageRequest = PageRequest & { limit?: number };

/**
 * A newest-first page of events through the reader. Cursors are (txid, id) positions:
 * "after" walks towards older events, "before" back towards newer ones.
 */
async function pageEvents(db: Executor, filters: EventFilters, request: EventPageRequest, limit: number): Promise<Page<EventRow>> {
  const position = (raw: string | undefined) => {
    const c = decodeCursor(raw);
    return c && /^\d{1,20}$/.test(c.v) && /^\d{1,20}$/.test(c.id) ? { txid: c.v, id: Number(c.id) } : undefined;
  };
  const older = position(request.after);
  const newer = older ? undefined : position(request.before);
  const { events: rows, hasMore } = await readEventsNewestFirst(db, filters, { before: older, after: newer, limit });
  const page: Page<EventRow> = { rows };
  const first = rows[0];
  const last = rows.at(-1);
  const hasOlder = newer ? true : hasMore;
  const hasNewer = newer ? hasMore : Boolean(older);
  if (hasOlder && last) page.nextCursor = encodeCursor({ v: last.txid, id: String(last.id) });
  if (hasNewer && first) page.prevCursor = encodeCursor({ v: first.txid, id: String(first.id) });
  return page;
}

/** The organization's events, newest first. */
export async function listOrganizationEvents(
  scope: OrgScope,
  request: EventPageRequest & { types?: readonly EventType[]; directoryId?: string | undefined },
): Promise<Page<EventRow>> {
  const directoryId = request.directoryId && isUuid(request.directoryId) ? request.directoryId : undefined;
  return pageEvents(scope.db, { organizationId: scope.org.id, directoryId, types: request.types }, request, request.limit ?? PAGE_SIZE);
}

/**
 * One resource's history: its own events and, for a user, the membership events that
 * name it (those are recorded against the group, with the user in the data).
 */
export async function listResourceEvents(
  scope: DirectoryScope,
  resource: { type: "user" | "group"; id: string },
  request: EventPageRequest,
): Promise<Page<EventRow>> {
  const { db, directory } = scope;
  if (!isUuid(resource.id)) return { rows: [] };
  return pageEvents(
    db,
    { organizationId: directory.organizationId, directoryId: directory.id, resource },
    request,
    request.limit ?? 20,
  );
}

/** The events a deprovisioning hold of this directory keeps back, newest first. */
export async function listHeldEvents(scope: DirectoryScope, holdId: string, request: EventPageRequest): Promise<Page<EventRow>> {
  if (!isUuid(holdId)) return { rows: [] };
  const { db, directory } = scope;
  return pageEvents(db, { organizationId: directory.organizationId, directoryId: directory.id, holdId }, request, request.limit ?? PAGE_SIZE);
}
