// Events are written inside the transaction of the change they describe, by the builders
// below and nowhere else: each is one INSERT … SELECT that builds the payload in SQL from
// the row (lib/directory/payloads.ts) and, in the same statement, a NOTIFY on
// EVENTS_CHANNEL. Postgres delivers the NOTIFY only at commit (and drops it on rollback),
// so every server process learns of the change exactly when it becomes visible. A
// set-based membership change sends one NOTIFY for all its events, with the highest id:
// listeners read the events table up to it rather than one message per row.
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { type EventType } from "@/db/schema";
import {
  type DirectoryEventType,
  type DirectoryState,
  type GroupEventType,
  type HoldSummary,
  type PreviousAttributes,
  type UserEventType,
  groupJsonSql,
  userJsonSql,
} from "./payloads";
import { type DirectoryRef } from "./write";

export const EVENTS_CHANNEL = "roster_events";

export type EventNotification = {
  organizationId: string;
  directoryId: string | null;
  eventId: number;
  type: EventType;
  /** How many events of this type the statement wrote (1 unless a set-based membership change). */
  count: number;
};

/**
 * The NOTIFY for a set-based insert into events: `inserted` names a CTE with an `id`
 * column (the inserted events). Answers `n`, how many were inserted (no row when none).
 */
export function notifyInsertedSql(directory: DirectoryRef, type: EventType, inserted: ReturnType<typeof sql.identifier>) {
  return sql`select pg_notify(${EVENTS_CHANNEL}, json_build_object(
      'organizationId', ${directory.organizationId}::uuid,
      'directoryId', ${directory.id}::uuid,
      'eventId', max(id),
      'type', ${type}::text,
      'count', count(*)
    )::text) as notified, count(*)::int as n
    from ${inserted} having count(*) > 0`;
}

export type InsertOptions = {
  /** CTEs the select reads (membership changes). */
  prefix?: SQL | undefined;
  /** The deprovisioning hold that keeps these events back (lib/directory/deprovision-guard.ts). */
  holdId?: string | undefined;
};

/** Events of one type that one statement writes: rows of (resource_type, resource_id, data). */
export type EventBatch = { type: EventType; select: SQL; holdId?: string | undefined };

/**
 * One statement that writes a change AND its events (a single statement is its own
 * transaction: no BEGIN/COMMIT round trips): `prefix` holds the data-modifying CTEs of the
 * change, `select` the events as in insertEvents, and `returning` what the caller reads
 * back (e.g. the row just inserted, from its CTE). Returns those rows with `eventCount`.
 */
export async function writeWithEvents<T>(
  executor: Executor,
  directory: DirectoryRef,
  type: EventType,
  statement: { prefix: SQL; select: SQL; returning: SQL },
): Promise<(T & { eventCount: number })[]> {
  return queryRows<T & { eventCount: number }>(
    executor,
    sql`with ${statement.prefix},
        inserted as (
          insert into events (organization_id, directory_id, type, resource_type, resource_id, data)
          select ${directory.organizationId}::uuid, ${directory.id}::uuid, ${type}, e.resource_type, e.resource_id, e.data
          from (${statement.select}) as e
          returning id
        ),
        notified as (${notifyInsertedSql(directory, type, sql.identifier("inserted"))})
        select r.*, coalesce((select n from notified), 0) as "eventCount" from (${statement.returning}) as r`,
  );
}

/**
 * Inserts the events `select` describes — rows of (resource_type, resource_id, data) —
 * and notifies. Returns how many events were written.
 */
export async function insertEvents(
  tx: Executor,
  directory: DirectoryRef,
  type: EventType,
  select: SQL,
  options: InsertOptions = {},
): Promise<number> {
  const [n] = await insertEventBatches(tx, directory, [{ type, select, holdId: options.holdId }], options.prefix);
  return n ?? 0;
}

/**
 * Several batches of events in one statement, after the CTEs of `prefix` (a change and
 * what follows from it: members added and the user.updated of those whose roles changed).
 * Each batch's ids follow the previous batch's. One NOTIFY per batch that wrote events.
 * Returns how many each batch wrote.
 */
export async function insertEventBatches(
  tx: Executor,
  directory: DirectoryRef,
  batches: readonly EventBatch[],
  prefix?: SQL,
): Promise<number[]> {
  const name = (i: number) => sql.identifier(`inserted_${i}`);
  const inserts = batches.map(
    (batch, i) => sql`${name(i)} as (
          insert into events (organization_id, directory_id, type, resource_type, resource_id, data, hold_id)
          select ${directory.organizationId}::uuid, ${directory.id}::uuid, ${batch.type}, e.resource_type, e.resource_id, e.data,
                 ${batch.holdId ?? null}::uuid
          from (${batch.select}) as e
          ${i > 0 ? sql`where (select count(*) from ${name(i - 1)}) >= 0` : sql``}
          returning id
        )`,
  );
  const notified = (i: number) => sql.identifier(`notified_${i}`);
  const notifies = batches.map((batch, i) => sql`${notified(i)} as (${notifyInsertedSql(directory, batch.type, name(i))})`);
  const columns = batches.map((_, i) => sql`coalesce((select n from ${notified(i)}), 0) as ${sql.identifier(`n_${i}`)}`);
  const rows = await queryRows<Record<string, number | null>>(
    tx,
    sql`with ${prefix ? sql`${prefix}, ` : sql``}${sql.join(inserts, sql`, `)}, ${sql.join(notifies, sql`, `)}
        select ${sql.join(columns, sql`, `)}`,
  );
  return batches.map((_, i) => Number(rows[0]?.[`n_${i}`] ?? 0));
}

/** ` || {previous: …}` for an event's data, or nothing when no attribute changed. */
export const previousSql = (previous: PreviousAttributes | undefined) =>
  previous && Object.keys(previous).length > 0
    ? sql` || jsonb_build_object('previous', ${JSON.stringify(previous)}::jsonb)`
    : sql``;

/** A user.* event with the user's state as it is now in this transaction. */
export async function recordUserEvent(
  tx: Executor,
  directory: DirectoryRef,
  type: UserEventType,
  userId: string,
  previous?: PreviousAttributes,
  holdId?: string,
): Promise<void> {
  const n = await insertEvents(
    tx,
    directory,
    type,
    sql`select 'user' as resource_type, u.id as resource_id,
               jsonb_build_object('user', ${userJsonSql(sql`u`, directory.organizationId)})${previousSql(previous)} as data
        from directory_users u where u.directory_id = ${directory.id} and u.id = ${userId}`,
    { holdId },
  );
  if (n !== 1) throw new Error(`${type}: user ${userId} not found for its event`);
}

/** A group.created/updated/deleted event with the group's state as it is now in this transaction. */
export async function recordGroupEvent(
  tx: Executor,
  directory: DirectoryRef,
  type: GroupEventType,
  groupId: string,
  previous?: PreviousAttributes,
): Promise<void> {
  const n = await insertEvents(
    tx,
    directory,
    type,
    sql`select 'group' as resource_type, g.id as resource_id,
               jsonb_build_object('group', ${groupJsonSql(sql`g`, directory.organizationId)})${previousSql(previous)} as data
        from directory_groups g where g.directory_id = ${directory.id} and g.id = ${groupId}`,
  );
  if (n !== 1) throw new Error(`${type}: group ${groupId} not found for its event`);
}

export async function recordDirectoryEvent(
  tx: Executor,
  directory: DirectoryRef,
  type: DirectoryEventType,
  state: DirectoryState,
  hold?: HoldSummary,
): Promise<void> {
  const data = hold ? { directory: state, hold } : { directory: state };
  await insertEvents(
    tx,
    directory,
    type,
    sql`select 'directory' as resource_type, ${directory.id}::uuid as resource_id, ${JSON.stringify(data)}::jsonb as data`,
  );
}
