// Directory reads: what a directory is (status, provider) plus what it holds and when its
// provider last called, for the REST API and the portal.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { uuidArraySql } from "../write";
import { lastRequestTimes } from "./request-log";

export type DirectoryStats = { userCount: number; groupCount: number; lastRequestAt: Date | null };

/** Exact user and group counts (index-only range scans per directory) and the last request time. */
export async function directoryStats(executor: Executor, directoryIds: readonly string[]): Promise<Map<string, DirectoryStats>> {
  const map = new Map<string, DirectoryStats>();
  if (directoryIds.length === 0) return map;
  const counts = await queryRows<{ id: string; users: number; groups: number }>(
      executor,
      sql`select d.id,
                 (select count(*)::int from directory_users u where u.directory_id = d.id) as users,
                 (select count(*)::int from directory_groups g where g.directory_id = d.id) as groups
          from unnest(${uuidArraySql(directoryIds)}) as d(id)`,
  );
  const last = await lastRequestTimes(executor, directoryIds);
  for (const row of counts) {
    map.set(row.id, { userCount: Number(row.users), groupCount: Number(row.groups), lastRequestAt: last.get(row.id) ?? null });
  }
  return map;
}
