// Events are written inside the transaction of the change they describe. A NOTIFY on
// EVENTS_CHANNEL is issued in the same transaction: Postgres delivers it only at commit
// (and drops it on rollback), so every server process learns of the change exactly when
// it becomes visible. Bulk changes send one NOTIFY per event type with the highest event
// id: listeners read the events table up to it rather than one message per row.
import { sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { type EventType, events } from "@/db/schema";
import { type DirectoryRef } from "./write";

export const EVENTS_CHANNEL = "roster_events";

export type EventNotification = {
  organizationId: string;
  directoryId: string | null;
  eventId: number;
  type: EventType;
  /** How many events of this type the transaction wrote (1 unless a bulk membership change). */
  count: number;
};

type ResourceType = "user" | "group" | "directory";

export async function recordEvent(
  tx: Executor,
  directory: DirectoryRef,
  type: EventType,
  resourceType: ResourceType,
  resourceId: string,
  data: Record<string, unknown>,
): Promise<number> {
  const [row] = await tx
    .insert(events)
    .values({ organizationId: directory.organizationId, directoryId: directory.id, type, resourceType, resourceId, data })
    .returning({ id: events.id });
  if (!row) throw new Error("event insert returned no row");
  await notify(tx, { organizationId: directory.organizationId, directoryId: directory.id, eventId: row.id, type, count: 1 });
  return row.id;
}

export async function notify(tx: Executor, payload: EventNotification): Promise<void> {
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(payload)})`);
}

/**
 * The NOTIFY for a set-based insert into events: `inserted` is an SQL fragment naming a
 * CTE with an `id` column (the inserted events). Returns nothing when nothing was inserted.
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
