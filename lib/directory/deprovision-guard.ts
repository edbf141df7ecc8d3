// The deprovisioning guard. A misconfigured identity-provider rule can deactivate or delete
// a whole company in minutes (a PingOne rule whose user filter stops matching, Entra's
// "remove all"). When a directory deactivates or deletes more than its share of users
// within its window, Roster keeps answering the provider normally — the provider sees
// nothing wrong and the directory's state follows it — but the events of those changes are
// held back from the feed and webhooks (events.hold_id; lib/events/reader.ts skips them),
// a directory.deprovisioning_held event says so, and the portal shows an alert. An
// operator or the organization's admin then releases the held events (delivered once, in
// their order, after everything already delivered) or discards them.
//
// Cost: the check runs only in the transaction of a deactivation or deletion; it counts
// the window's deprovisioned users (a partial index), and counts the directory's users
// only once that number has reached the rule's minimum, and then only as far as the rule
// needs (five times the deprovisioned at 20 %).
import { type SQL, and, desc, eq, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { type DeprovisionHold, type Directory, deprovisionHolds } from "@/db/schema";
import { type Actor, recordAudit } from "./audit";
import { DirectoryError } from "./errors";
import { recordDirectoryEvent } from "./events";
import { type DirectoryState, type HoldSummary } from "./payloads";
import { type DirectoryRef } from "./write";

export const GUARD_DEFAULTS = {
  /** More than this share of the directory's users… */
  percent: 20,
  /** …deactivated or deleted within this many minutes… */
  windowMinutes: 60,
  /** …and at least this many of them (a handful of leavers in a small directory is normal). */
  minUsers: 10,
} as const;

export type GuardRule = { isEnabled: boolean; percent: number; windowMinutes: number; minUsers: number };

type GuardColumns = Pick<
  Directory,
  "deprovisionGuardEnabled" | "deprovisionGuardPercent" | "deprovisionGuardWindowMinutes" | "deprovisionGuardMinUsers"
>;

export function guardRule(directory: GuardColumns): GuardRule {
  return {
    isEnabled: directory.deprovisionGuardEnabled,
    percent: directory.deprovisionGuardPercent ?? GUARD_DEFAULTS.percent,
    windowMinutes: directory.deprovisionGuardWindowMinutes ?? GUARD_DEFAULTS.windowMinutes,
    minUsers: directory.deprovisionGuardMinUsers ?? GUARD_DEFAULTS.minUsers,
  };
}

type DirectoryRow = {
  id: string;
  organization_id: string;
  name: string;
  provider: Directory["provider"];
  status: Directory["status"];
  deprovision_guard_enabled: boolean;
  deprovision_guard_percent: number | null;
  deprovision_guard_window_minutes: number | null;
  deprovision_guard_min_users: number | null;
  hold_id: string | null;
};

function stateOf(row: DirectoryRow): DirectoryState {
  return { id: row.id, organizationId: row.organization_id, name: row.name, provider: row.provider, status: row.status };
}

/** Deprovisioning events count from the window's start, or from the end of the last hold if later. */
const sinceSql = (directoryId: string, windowMinutes: number): SQL =>
  sql`greatest(now() - make_interval(mins => ${windowMinutes}),
               coalesce((select max(resolved_at) from deprovision_holds where directory_id = ${directoryId}), '-infinity'::timestamptz))`;

/**
 * Inside the transaction of a deactivation or deletion of `userId`, before its events are
 * written: the hold its events belong to — the directory's current one, or a new one when
 * this change crosses the rule — or undefined when they go out as usual.
 */
export async function deprovisionHoldFor(tx: Executor, directory: DirectoryRef, userId: string): Promise<string | undefined> {
  const [row] = await queryRows<DirectoryRow>(
    tx,
    sql`select d.id, d.organization_id, d.name, d.provider, d.status, d.deprovision_guard_enabled, d.deprovision_guard_percent,
               d.deprovision_guard_window_minutes, d.deprovision_guard_min_users, h.id as hold_id
        from directories d
        left join deprovision_holds h on h.directory_id = d.id and h.status = 'holding'
        where d.id = ${directory.id}`,
  );
  if (!row) return undefined;
  if (row.hold_id) return row.hold_id;
  const rule = guardRule({
    deprovisionGuardEnabled: row.deprovision_guard_enabled,
    deprovisionGuardPercent: row.deprovision_guard_percent,
    deprovisionGuardWindowMinutes: row.deprovision_guard_window_minutes,
    deprovisionGuardMinUsers: row.deprovision_guard_min_users,
  });
  if (!rule.isEnabled) return undefined;
  const since = sinceSql(directory.id, rule.windowMinutes);
  const [counted] = await queryRows<{ deprovisioned: number; deleted: number }>(
    tx,
    sql`select count(distinct resource_id)::int as deprovisioned,
               count(distinct resource_id) filter (where type = 'user.deleted')::int as deleted
        from (
          select resource_id, type from events
          where directory_id = ${directory.id} and type in ('user.deactivated', 'user.deleted') and created_at > ${since}
          union all select ${userId}::uuid, 'user.deactivated'
        ) recent`,
  );
  const deprovisioned = Number(counted?.deprovisioned ?? 0);
  if (deprovisioned < rule.minUsers) return undefined;
  const deleted = Number(counted?.deleted ?? 0);
  // The rule is crossed when the directory has fewer than `enough` users: counting stops
  // there, so a burst of deactivations in a directory of 100,000 reads a few thousand index
  // entries per change, not the whole directory; below it, the count is exact.
  const enough = rule.percent > 0 ? Math.max(1, Math.ceil((deprovisioned * 100) / rule.percent) - deleted) : 1;
  const [population] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from (select 1 from directory_users where directory_id = ${directory.id} limit ${enough}) present`,
  );
  // Users deleted in the window are no longer in the table but were part of the directory.
  const users = Number(population?.n ?? 0) + deleted;
  if (users === 0 || (deprovisioned * 100) / users <= rule.percent) return undefined;

  const trigger = { deprovisioned, users, percent: rule.percent, windowMinutes: rule.windowMinutes };
  const [created] = await queryRows<{ id: string }>(
    tx,
    sql`insert into deprovision_holds (organization_id, directory_id, trigger)
        values (${directory.organizationId}, ${directory.id}, ${JSON.stringify(trigger)}::jsonb)
        on conflict (directory_id) where status = 'holding' do nothing
        returning id`,
  );
  if (!created) {
    // A concurrent change started the hold a moment ago: join it.
    const [existing] = await queryRows<{ id: string }>(
      tx,
      sql`select id from deprovision_holds where directory_id = ${directory.id} and status = 'holding'`,
    );
    return existing?.id;
  }
  await recordDirectoryEvent(tx, directory, "directory.deprovisioning_held", stateOf(row), { id: created.id, ...trigger });
  return created.id;
}

// ---------------------------------------------------------------------------------------
// Review

export type HoldWithCount = DeprovisionHold & { heldEvents: number; heldUsers: number };

/** The directory's current hold, with how many events and users it holds. */
export async function currentHold(db: Executor, directoryId: string): Promise<HoldWithCount | undefined> {
  const [hold] = await db
    .select()
    .from(deprovisionHolds)
    .where(and(eq(deprovisionHolds.directoryId, directoryId), eq(deprovisionHolds.status, "holding")))
    .limit(1);
  if (!hold) return undefined;
  const [counts] = await queryRows<{ events: number; users: number }>(
    db,
    sql`select count(*)::int as events, count(distinct resource_id) filter (where resource_type = 'user')::int as users
        from events where hold_id = ${hold.id}`,
  );
  return { ...hold, heldEvents: Number(counts?.events ?? 0), heldUsers: Number(counts?.users ?? 0) };
}

export type HoldResolution = "released" | "discarded";

/**
 * Releases (delivers) or discards the events of a holding hold of one of the
 * organization's directories. Released events are written again as new events, in their
 * original order, so every reader — whatever its cursor — reads each exactly once;
 * discarded ones stay out of the feed for good (the portal still shows them). Not found:
 * no such hold in this organization, or it was already resolved.
 */
export async function resolveHold(
  db: Executor,
  organizationId: string,
  holdId: string,
  resolution: HoldResolution,
  actor: Actor,
): Promise<{ events: number }> {
  return db.transaction(async (tx) => {
    const [row] = await queryRows<DirectoryRow & { trigger: HoldSummary }>(
      tx,
      sql`select d.id, d.organization_id, d.name, d.provider, d.status, d.deprovision_guard_enabled, d.deprovision_guard_percent,
                 d.deprovision_guard_window_minutes, d.deprovision_guard_min_users, h.id as hold_id, h.trigger
          from deprovision_holds h join directories d on d.id = h.directory_id
          where h.id = ${holdId} and h.organization_id = ${organizationId} and h.status = 'holding'
          for update of h`,
    );
    if (!row) throw new DirectoryError("not_found", "No deprovisioning hold with that id is waiting for review.");
    const directory = { id: row.id, organizationId };
    // The released events are written again (new ids, this transaction's txid) in their
    // order: after every cursor, so each reader reads each once. This transaction's own
    // event below NOTIFYs the dispatcher and open portal pages.
    let events = 0;
    if (resolution === "released") {
      const moved = await queryRows<{ n: number }>(
        tx,
        sql`with held as (
              delete from events where hold_id = ${holdId}
              returning organization_id, directory_id, type, resource_type, resource_id, data, created_at, txid, id
            ),
            inserted as (
              insert into events (organization_id, directory_id, type, resource_type, resource_id, data, created_at)
              select organization_id, directory_id, type, resource_type, resource_id, data, created_at
              from held order by txid, id
              returning id
            )
            select count(*)::int as n from inserted`,
      );
      events = Number(moved[0]?.n ?? 0);
    } else {
      const [counted] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from events where hold_id = ${holdId}`);
      events = Number(counted?.n ?? 0);
    }
    await queryRows(
      tx,
      sql`update deprovision_holds set status = ${resolution}, resolved_at = now(), resolved_by = ${`${actor.type}:${actor.id ?? ""}`}
          where id = ${holdId}`,
    );
    await recordDirectoryEvent(
      tx,
      directory,
      resolution === "released" ? "directory.deprovisioning_released" : "directory.deprovisioning_discarded",
      stateOf(row),
      { ...row.trigger, id: holdId, events },
    );
    await recordAudit(tx, {
      actor,
      action: `directory.deprovisioning_${resolution}`,
      organizationId,
      target: { type: "directory", id: row.id },
      data: { holdId, events },
    });
    return { events };
  });
}

export type GuardSettings = { isEnabled: boolean; percent: number | null; windowMinutes: number | null; minUsers: number | null };

/**
 * Sets a directory's rule (null fields: the defaults) and records who did
 * (directory.deprovisioning_guard_set), in one transaction. False for a directory of
 * another organization.
 */
export async function setGuardSettings(
  db: Executor,
  organizationId: string,
  directoryId: string,
  settings: GuardSettings,
  actor: Actor,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`update directories set deprovision_guard_enabled = ${settings.isEnabled},
            deprovision_guard_percent = ${settings.percent}, deprovision_guard_window_minutes = ${settings.windowMinutes},
            deprovision_guard_min_users = ${settings.minUsers}, updated_at = now()
          where id = ${directoryId} and organization_id = ${organizationId} returning id`,
    );
    if (rows.length === 0) return false;
    // The rule as it now applies (a null field is the default), so the entry reads on its own.
    const rule = guardRule({
      deprovisionGuardEnabled: settings.isEnabled,
      deprovisionGuardPercent: settings.percent,
      deprovisionGuardWindowMinutes: settings.windowMinutes,
      deprovisionGuardMinUsers: settings.minUsers,
    });
    await recordAudit(tx, {
      actor,
      action: "directory.deprovisioning_guard_set",
      organizationId,
      target: { type: "directory", id: directoryId },
      data: { ...rule, isDefault: settings.percent === null && settings.windowMinutes === null && settings.minUsers === null },
    });
    return true;
  });
}

/** A directory's holds, newest first (the review page's history). */
export async function listHolds(db: Executor, directoryId: string, limit = 20): Promise<DeprovisionHold[]> {
  return db
    .select()
    .from(deprovisionHolds)
    .where(eq(deprovisionHolds.directoryId, directoryId))
    .orderBy(desc(deprovisionHolds.createdAt))
    .limit(limit);
}
