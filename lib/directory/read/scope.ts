// What a read is bound to: one organization, and within it one directory or all of its
// directories. Every query of the read model takes a scope, so a list can never reach
// another customer's rows; a resource looked up by id alone (the REST API's /users/{id})
// comes back with the scope it lives in, which binds everything read after it.
import { and, asc, eq, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { directories } from "@/db/schema";
import { isUuid } from "@/lib/auth/scim-token";
import { uuidArraySql } from "../write";

export type ReadScope = { organizationId: string; directoryId?: string | undefined };

/** The directory ids a scope covers, in id order (the order multi-directory lists page in). */
export async function scopeDirectoryIds(executor: Executor, scope: ReadScope): Promise<string[]> {
  const rows = await executor
    .select({ id: directories.id })
    .from(directories)
    .where(
      and(
        eq(directories.organizationId, scope.organizationId),
        scope.directoryId === undefined ? undefined : isUuid(scope.directoryId) ? eq(directories.id, scope.directoryId) : sql`false`,
      ),
    )
    .orderBy(asc(directories.id));
  return rows.map((r) => r.id);
}

/** `column` is one of `ids`: a plain equality for one directory (the common case), else ANY. */
export function inDirectoriesSql(column: ReturnType<typeof sql>, ids: readonly string[]) {
  if (ids.length === 1) return sql`${column} = ${ids[0]}::uuid`;
  return sql`${column} = any(${uuidArraySql(ids)})`;
}
