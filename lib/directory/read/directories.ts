// Directory reads: what a directory is (status, provider) plus what it holds and when its
// provider last called, for the REST API and the portal.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { type Directory, directories, scimTokens } from "@/db/schema";
import { type ScimTokenSummary, isUuid } from "@/lib/auth/scim-token";
import { type CursorPage, forwardPage, fromMicrosSql, isMicros, keysetSql, microsSql, parseCursor } from "../pagination";
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

type PageParams = { after?: string | undefined; limit: number };

const isKeyset = (c: { v: string; id: string }) => isMicros(c.v) && isUuid(c.id);

/** A page of an organization's directories, oldest first. */
export async function listDirectoriesPage(
  executor: Executor,
  organizationId: string,
  page: PageParams,
): Promise<CursorPage<Directory>> {
  const after = page.after ? parseCursor(page.after, isKeyset) : undefined;
  const rows = await executor
    .select({ row: directories, createdUs: microsSql(directories.createdAt) })
    .from(directories)
    .where(
      and(
        eq(directories.organizationId, organizationId),
        after ? keysetSql(directories.createdAt, directories.id, { createdUs: after.v, id: after.id }) : undefined,
      ),
    )
    .orderBy(asc(directories.createdAt), asc(directories.id))
    .limit(page.limit + 1);
  const result = forwardPage(rows, page.limit, (r) => ({ v: r.createdUs, id: r.row.id }));
  return { rows: result.rows.map((r) => r.row), nextCursor: result.nextCursor };
}

/** A page of a directory's SCIM tokens, newest first (revoked ones included). */
export async function listTokensPage(
  executor: Executor,
  directoryId: string,
  page: PageParams,
): Promise<CursorPage<ScimTokenSummary>> {
  const after = page.after ? parseCursor(page.after, isKeyset) : undefined;
  const rows = await executor
    .select({
      id: scimTokens.id,
      displayPrefix: scimTokens.displayPrefix,
      createdAt: scimTokens.createdAt,
      lastUsedAt: scimTokens.lastUsedAt,
      revokedAt: scimTokens.revokedAt,
      createdUs: microsSql(scimTokens.createdAt),
    })
    .from(scimTokens)
    .where(
      and(
        eq(scimTokens.directoryId, directoryId),
        after ? sql`(${scimTokens.createdAt}, ${scimTokens.id}) < (${fromMicrosSql(after.v)}, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(scimTokens.createdAt), desc(scimTokens.id))
    .limit(page.limit + 1);
  const result = forwardPage(rows, page.limit, (r) => ({ v: r.createdUs, id: r.id }));
  return { rows: result.rows.map(({ createdUs: _createdUs, ...token }) => token), nextCursor: result.nextCursor };
}
