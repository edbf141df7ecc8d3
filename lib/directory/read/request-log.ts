// Request-log reads shared by the API and the portal's connection health.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { uuidArraySql } from "../write";

/**
 * When each directory last received a SCIM request: the newest row of its log, read from
 * the top of scim_requests_directory_idx (directory_id, id), one index probe per directory.
 */
export async function lastRequestTimes(executor: Executor, directoryIds: readonly string[]): Promise<Map<string, Date>> {
  const map = new Map<string, Date>();
  if (directoryIds.length === 0) return map;
  const rows = await queryRows<{ directoryId: string; at: string | Date }>(
    executor,
    sql`select d.id as "directoryId", r.created_at as "at"
        from unnest(${uuidArraySql(directoryIds)}) as d(id)
        cross join lateral (select created_at from scim_requests s where s.directory_id = d.id order by s.id desc limit 1) r`,
  );
  for (const row of rows) map.set(row.directoryId, new Date(row.at));
  return map;
}
