// The one reader of the events table. The portal's Events tab, GET /api/v1/events and the
// webhook dispatcher all read through it, so none of them can skip an event.
//
// Why not `id > cursor`: ids come from a sequence when a row is inserted, but rows become
// visible when their transaction commits. A transaction holding id 10 that commits after
// the one holding id 11 was read would be skipped forever. So events are read in
// (txid, id) order — txid is the writing transaction's id (events.txid) — and only those
// whose transaction is older than every transaction of this database still running (the
// horizon, below). Every transaction below it has finished, so the set below it never
// grows again, and any event that becomes visible later has a txid at or above the horizon
// of the read before: after the cursor. A late commit is read on the next poll, never skipped.
//
// The cost: while a transaction runs, events of younger transactions wait for it (a long
// transaction anywhere in the database holds the feed back for its duration, not longer).
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, queryRows } from "@/db/client";
import { EVENT_TYPES, type EventType } from "@/db/schema";
import { DirectoryError } from "@/lib/directory/errors";
import { type EventData } from "@/lib/directory/payloads";

/** A position in the feed: after the event (txid, id); `at` is when the reader stood there. */
export type FeedPosition = { txid: string; id: number; at: number };

export type EventFilters = {
  organizationId?: string | undefined;
  directoryId?: string | undefined;
  types?: readonly EventType[] | undefined;
  /** One resource's history (with directoryId): a group's events, or a user's and its membership events. */
  resource?: { type: "user" | "group"; id: string } | undefined;
  /** The events one deprovisioning hold keeps back (portal only). */
  holdId?: string | undefined;
};

export type StoredEvent = EventData & {
  id: number;
  txid: string;
  /** Held back by the deprovisioning guard (lib/directory/deprovision-guard.ts): the portal shows it, the feed does not. */
  holdId: string | null;
  organizationId: string;
  directoryId: string | null;
  resourceType: "user" | "group" | "directory";
  resourceId: string;
  createdAt: Date;
};

export type EventRead = { events: StoredEvent[]; next: FeedPosition; hasMore: boolean };

/** With a type filter, how many events one read may pass over looking for matches. */
const SCAN_WINDOW = 5000;

const START: Omit<FeedPosition, "at"> = { txid: "0", id: 0 };

// ---------------------------------------------------------------------------------------
// The cursor: opaque to clients, validated when read back.

const cursorSchema = z.tuple([z.literal(1), z.string().regex(/^\d{1,20}$/), z.number().int().min(0), z.number().int().min(0)]);

export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(JSON.stringify([1, position.txid, position.id, position.at]), "utf8").toString("base64url");
}

/** The position of a cursor; invalid_cursor for anything that is not one of ours. */
export function decodeFeedCursor(raw: string): FeedPosition {
  try {
    if (raw.length <= 200) {
      const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
      if (parsed.success) return { txid: parsed.data[1], id: parsed.data[2], at: parsed.data[3] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new DirectoryError("invalid_cursor", "The cursor is not one this feed issued. Start again without it.");
}

/**
 * Events older than the retention period are deleted, so a cursor that stood before then
 * may have missed some: cursor_expired rather than a silent gap.
 */
export function checkRetention(position: FeedPosition, nowSeconds: number, retentionDays: number): void {
  if (position.at > 0 && position.at < nowSeconds - retentionDays * 86_400) {
    throw new DirectoryError(
      "cursor_expired",
      `The cursor is older than the ${retentionDays}-day event retention: events after it may have been deleted. ` +
        "Resynchronise (list users and groups through the API), then read the feed again without a cursor.",
    );
  }
}

// ---------------------------------------------------------------------------------------
// Reading

type Row = {
  id: string | number;
  txid: string;
  hold_id: string | null;
  type: EventType;
  organization_id: string;
  directory_id: string | null;
  resource_type: "user" | "group" | "directory";
  resource_id: string;
  data: unknown;
  created_at: string | Date;
};

/**
 * The horizon: the oldest transaction of this database still running when the statement's
 * snapshot was taken (else the snapshot's xmax). Transaction ids are shared by every
 * database of a PostgreSQL cluster, so the plain snapshot xmin would let a long transaction
 * in another database — another application's, a migration, an idle psql session — hold
 * this feed back. Only running ids known to belong to another database (pg_stat_activity)
 * are passed over; every other running id counts, so a transaction that finishes between
 * the snapshot and that look-up, or one the role may not see, only makes the horizon more
 * careful, never less. (xid8 → 32-bit xid by its low 32 bits, as pg_stat_activity shows it.)
 */
export const HORIZON = sql`(select coalesce(min(x::text::bigint), pg_snapshot_xmax(pg_current_snapshot())::text::bigint)
  from pg_snapshot_xip(pg_current_snapshot()) as x
  where (x::text::bigint % 4294967296) not in (
    select backend_xid::text::bigint from pg_stat_activity
    where backend_xid is not null and datname is distinct from current_database()))`;
const VISIBLE = sql`txid < ${HORIZON}`;
/** Held events never reach the feed or webhooks: a release writes them again as new events. */
const NOT_HELD = sql`hold_id is null`;

// The txid leaves as text (a JavaScript number cannot hold every bigint), under its own name.
// So every ORDER BY names the table's column: a bare `txid` there would be the text output
// column (ORDER BY resolves output names first), which sorts "1000" before "999" — the
// feed would then read past events whose txid has fewer digits, while its cursor compares
// numbers, and skip them for good. A fresh database crosses 999 → 1000 within minutes.
const COLUMNS = sql.raw("id, txid::text as txid, hold_id, type, organization_id, directory_id, resource_type, resource_id, data, created_at");
const OLDEST_FIRST = sql.raw("events.txid asc, events.id asc");
const NEWEST_FIRST = sql.raw("events.txid desc, events.id desc");

function filterSql(filters: EventFilters, options: { includeHeld?: boolean } = {}): SQL[] {
  const conditions: SQL[] = options.includeHeld ? [VISIBLE] : [VISIBLE, NOT_HELD];
  if (filters.organizationId) conditions.push(sql`organization_id = ${filters.organizationId}::uuid`);
  if (filters.directoryId) conditions.push(sql`directory_id = ${filters.directoryId}::uuid`);
  if (filters.holdId) conditions.push(sql`hold_id = ${filters.holdId}::uuid`);
  const resource = filters.resource;
  if (resource) {
    const own = sql`(resource_type = ${resource.type} and resource_id = ${resource.id}::uuid)`;
    conditions.push(
      resource.type === "user"
        ? sql`(${own} or (resource_type = 'group' and type in ('group.member_added', 'group.member_removed') and data->'user'->>'id' = ${resource.id}))`
        : own,
    );
  }
  return conditions;
}

function toEvent(row: Row): StoredEvent {
  return {
    id: Number(row.id),
    txid: String(row.txid),
    holdId: row.hold_id ?? null,
    type: row.type,
    organizationId: row.organization_id,
    directoryId: row.directory_id,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    data: (typeof row.data === "string" ? JSON.parse(row.data) : row.data) as EventData["data"],
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  } as StoredEvent;
}

async function nowSeconds(db: Executor): Promise<number> {
  const [row] = await queryRows<{ now: number | string }>(db, sql`select floor(extract(epoch from now()))::int as now`);
  return Number(row?.now ?? Math.floor(Date.now() / 1000));
}

/**
 * Up to `limit` events after `after` (the start of the feed when undefined), oldest first,
 * and the position to read from next — returned even when there are no events, so a
 * consumer polls with it forever. `hasMore` says whether more were ready at once.
 */
export async function readEventsAfter(
  db: Executor,
  after: FeedPosition | undefined,
  filters: EventFilters,
  limit: number,
): Promise<EventRead> {
  const from = after ?? { ...START, at: 0 };
  const conditions = [...filterSql(filters), sql`(txid, id) > (${from.txid}::bigint, ${from.id}::bigint)`];
  const where = sql.join(conditions, sql` and `);
  const at = await nowSeconds(db);
  const types = filters.types && filters.types.length > 0 && filters.types.length < EVENT_TYPES.length ? filters.types : undefined;

  if (!types) {
    const rows = await queryRows<Row>(
      db,
      sql`select ${COLUMNS}
          from events where ${where} order by ${OLDEST_FIRST} limit ${limit + 1}`,
    );
    const events = rows.slice(0, limit).map(toEvent);
    const last = events.at(-1);
    return { events, next: last ? { txid: last.txid, id: last.id, at } : { ...from, at }, hasMore: rows.length > limit };
  }

  // With a type filter, pass over at most SCAN_WINDOW events per read: a rare type never
  // makes one poll read the whole table. The position then moves past what was scanned.
  const scanned = await queryRows<{ id: string | number; txid: string; type: EventType }>(
    db,
    sql`select id, txid::text as txid, type from events where ${where} order by ${OLDEST_FIRST} limit ${SCAN_WINDOW}`,
  );
  const wanted = new Set<string>(types);
  const matches = scanned.filter((r) => wanted.has(r.type));
  const taken = matches.slice(0, limit);
  const ids = taken.map((r) => Number(r.id));
  const rows =
    ids.length === 0
      ? []
      : await queryRows<Row>(
          db,
          sql`select ${COLUMNS}
              from events where id = any(${`{${ids.join(",")}}`}::bigint[]) order by ${OLDEST_FIRST}`,
        );
  const events = rows.map(toEvent);
  const isCut = matches.length > limit;
  const lastRead = isCut ? taken.at(-1) : scanned.at(-1);
  const next = lastRead ? { txid: String(lastRead.txid), id: Number(lastRead.id), at } : { ...from, at };
  return { events, next, hasMore: isCut || scanned.length === SCAN_WINDOW };
}

/**
 * Newest first (the portal's timeline, which also shows held events, marked), with the same visibility rule: a page of at most
 * `limit` events before `before` (the newest when undefined), or, with `after`, the page of
 * newer events just after it (read upwards, returned newest first).
 */
export async function readEventsNewestFirst(
  db: Executor,
  filters: EventFilters,
  page: { before?: Omit<FeedPosition, "at"> | undefined; after?: Omit<FeedPosition, "at"> | undefined; limit: number },
): Promise<{ events: StoredEvent[]; hasMore: boolean }> {
  const conditions = filterSql(filters, { includeHeld: true });
  if (filters.types && filters.types.length > 0) {
    conditions.push(sql`type = any(${`{${filters.types.join(",")}}`}::text[])`);
  }
  const isUpwards = Boolean(page.after) && !page.before;
  if (page.before) conditions.push(sql`(txid, id) < (${page.before.txid}::bigint, ${page.before.id}::bigint)`);
  else if (page.after) conditions.push(sql`(txid, id) > (${page.after.txid}::bigint, ${page.after.id}::bigint)`);
  const rows = await queryRows<Row>(
    db,
    sql`select ${COLUMNS}
        from events where ${sql.join(conditions, sql` and `)}
        order by ${isUpwards ? OLDEST_FIRST : NEWEST_FIRST} limit ${page.limit + 1}`,
  );
  const events = rows.slice(0, page.limit).map(toEvent);
  if (isUpwards) events.reverse();
  return { events, hasMore: rows.length > page.limit };
}
