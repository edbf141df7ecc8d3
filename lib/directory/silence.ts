// A provider that goes silent. Entra ID provisions about every 40 minutes; Okta and PingOne
// push every change. A connection that stops sending means a revoked token, a disabled
// rule or an expired secret on the provider's side, and nobody would notice: so past the
// directory's expected-activity window (lib/directory/providers.ts defaults, editable per
// directory) without a successful SCIM request, the directory is flagged silent with a
// directory.silent event, and the next successful request clears it with
// directory.active_again — once per episode, whichever server instance sees it first.
//
// Activity is read from the request log (successful requests, newest first on the
// (directory_id, id) index), so nothing extra is written on the request path.
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { forgetDirectory } from "@/lib/auth/credential-cache";
import { type Directory, PROVIDERS } from "@/db/schema";
import { type Actor, recordAudit } from "./audit";
import { getDirectory } from "./directories";
import { recordDirectoryEvent } from "./events";
import { type DirectoryState } from "./payloads";
import { PROVIDER_PROFILES } from "./providers";

export const MIN_EXPECTED_ACTIVITY_MINUTES = 5;
export const MAX_EXPECTED_ACTIVITY_MINUTES = 90 * 24 * 60;

export function expectedActivityMinutes(directory: Pick<Directory, "provider" | "expectedActivityMinutes">): number {
  return directory.expectedActivityMinutes ?? PROVIDER_PROFILES[directory.provider].expectedActivityMinutes;
}

/** The window of `directories d` in SQL: its own, else its provider's default. */
function windowSql(): SQL {
  const cases = PROVIDERS.map((p) => sql`when ${p} then ${PROVIDER_PROFILES[p].expectedActivityMinutes}::int`);
  return sql`coalesce(d.expected_activity_minutes, case d.provider ${sql.join(cases, sql` `)} end)`;
}

type Row = {
  id: string;
  organization_id: string;
  name: string;
  provider: Directory["provider"];
  status: Directory["status"];
  window_minutes: number;
  last_at: string | Date;
};

const iso = (v: string | Date) => (v instanceof Date ? v : new Date(v)).toISOString();

function stateOf(row: Pick<Row, "id" | "organization_id" | "name" | "provider" | "status">): DirectoryState {
  return { id: row.id, organizationId: row.organization_id, name: row.name, provider: row.provider, status: row.status };
}

/**
 * Flags every active directory whose last successful request is older than its window
 * (a directory that never had one is waiting for its first request, not silent). Safe to
 * run on many instances at once: the conditional update lets one of them win per directory.
 * Returns the ids flagged.
 */
export async function flagSilentDirectories(db: Executor): Promise<string[]> {
  const candidates = await queryRows<Row>(
    db,
    sql`select d.id, d.organization_id, d.name, d.provider, d.status, ${windowSql()} as window_minutes, r.created_at as last_at
        from directories d
        cross join lateral (
          select created_at from scim_requests
          where directory_id = d.id and status < 400 order by id desc limit 1
        ) r
        where d.status = 'active' and d.silent_since is null
          and r.created_at < now() - make_interval(mins => ${windowSql()})`,
  );
  const flagged: string[] = [];
  for (const c of candidates) {
    await db.transaction(async (tx) => {
      const won = await queryRows<{ id: string }>(
        tx,
        sql`update directories set silent_since = ${iso(c.last_at)}::timestamptz
            where id = ${c.id} and silent_since is null and status = 'active' returning id`,
      );
      if (won.length === 0) return;
      forgetDirectory(c.id);
      await recordDirectoryEvent(tx, { id: c.id, organizationId: c.organization_id }, "directory.silent", {
        ...stateOf(c),
        lastActivityAt: iso(c.last_at),
        expectedActivityMinutes: Number(c.window_minutes),
      });
      flagged.push(c.id);
    });
  }
  return flagged;
}

/**
 * A successful request reached a directory flagged silent: clears the flag with a
 * directory.active_again event. Called only when the verified token said the directory
 * was silent, so a healthy directory pays nothing. False when another request got there first.
 */
export async function markActiveAgain(db: Executor, directoryId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<Row & { silent_since: string | Date }>(
      tx,
      sql`update directories d set silent_since = null
          from (select id, silent_since from directories where id = ${directoryId} for update) before
          where d.id = before.id and before.silent_since is not null
          returning d.id, d.organization_id, d.name, d.provider, d.status, before.silent_since`,
    );
    const row = rows[0];
    forgetDirectory(directoryId);
    if (!row) return false;
    await recordDirectoryEvent(tx, { id: row.id, organizationId: row.organization_id }, "directory.active_again", {
      ...stateOf(row),
      lastActivityAt: iso(row.silent_since),
    });
    return true;
  });
}

/** Sets a directory's window (null: the provider's default). Undefined for an unknown directory. */
export async function setExpectedActivity(
  db: Executor,
  organizationId: string,
  directoryId: string,
  minutes: number | null,
  actor: Actor = { type: "system" },
): Promise<Directory | undefined> {
  const rows = await db.transaction(async (tx) => {
    const updated = await queryRows<{ id: string }>(
      tx,
      sql`update directories set expected_activity_minutes = ${minutes}, updated_at = now()
          where id = ${directoryId} and organization_id = ${organizationId} returning id`,
    );
    if (updated.length > 0) {
      await recordAudit(tx, {
        actor,
        action: "directory.expected_activity_set",
        organizationId,
        target: { type: "directory", id: directoryId },
        data: { minutes },
      });
    }
    return updated;
  });
  return rows.length === 0 ? undefined : getDirectory(db, organizationId, directoryId);
}
