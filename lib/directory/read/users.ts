// User reads: the REST API's lists and lookups, and the search term the portal and the
// API share. The user comes out as the one NormalizedUser the events carry
// (payloads.ts userJsonSql), built in Postgres, never mapped a second time here.
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { directoryUsers as usersTable } from "@/db/schema";
import { isUuid } from "@/lib/auth/scim-token";
import { type NormalizedUser, userJsonSql } from "../payloads";
import { type CursorPage, forwardPage, fromMicrosSql, isMicros, parseCursor } from "../pagination";
import { type ReadScope, inDirectoriesSql, scopeDirectoryIds } from "./scope";

/**
 * Whether the database orders text by code point (C, POSIX, C.UTF-8), in which case a
 * prefix is exactly a range [p, p + U+10FFFF) and a btree on lower(column) can serve it.
 * Under a linguistic collation (en_US.UTF-8) that range can miss matches, so prefixes
 * are matched with starts_with alone: still exact, but a scan of the directory's users.
 */
const bytewiseCollation = new WeakMap<object, Promise<boolean>>();

export function hasBytewiseCollation(db: Executor): Promise<boolean> {
  let known = bytewiseCollation.get(db);
  if (!known) {
    known = queryRows<{ collation: string }>(
      db,
      sql`select datcollate as collation from pg_database where datname = current_database()`,
    ).then((rows) => /^(c|posix|c\.utf-?8)$/i.test(rows[0]?.collation ?? ""));
    bytewiseCollation.set(db, known);
  }
  return known;
}

/**
 * A term matches a user when it starts their userName, primary email, display name,
 * given name or family name (case-insensitively), or, with a space in it, their given
 * name and then their family name ("ada love"). With a bytewise collation each branch is
 * a range on lower(column) that a btree on (directory_id, lower(column)) serves, so the
 * OR becomes a BitmapOr of index range scans: a search costs what it finds, not the
 * size of the directory. (LIKE 'x%' would be indexable only under the C collation.)
 */
export function userSearchSql(q: string, isBytewise: boolean): SQL {
  const term = q.trim().toLowerCase().replace(/\s+/g, " ");
  const startsWith = (column: SQL, prefix: string) =>
    isBytewise
      ? sql`(${column} >= ${prefix} and ${column} < ${`${prefix}\u{10FFFF}`} and starts_with(${column}, ${prefix}))`
      : sql`starts_with(${column}, ${prefix})`;
  const branches = [
    startsWith(sql`lower(${usersTable.userName})`, term),
    startsWith(sql`lower(${usersTable.primaryEmail})`, term),
    startsWith(sql`lower(${usersTable.displayName})`, term),
    startsWith(sql`lower(${usersTable.givenName})`, term),
    startsWith(sql`lower(${usersTable.familyName})`, term),
  ];
  const space = term.indexOf(" ");
  if (space > 0) {
    branches.push(
      sql`(${startsWith(sql`lower(${usersTable.givenName})`, term.slice(0, space))} and ${startsWith(
        sql`lower(${usersTable.familyName})`,
        term.slice(space + 1),
      )})`,
    );
  }
  return sql`(${sql.join(branches, sql` or `)})`;
}

export type UserListFilters = {
  /** Only members of this group (already known to be in the scope). */
  groupId?: string | undefined;
  active?: boolean | undefined;
  updatedAfter?: Date | undefined;
  /** A search term (userSearchSql). */
  q?: string | undefined;
};

export type PageParams = { after?: string | undefined; limit: number };

// A page position over several directories: (directory_id, created_at, id), the order of
// the directory_users_created_idx index, so every page is one range scan of it.
const positionOf = (v: string) => {
  const [directoryId = "", createdUs = ""] = v.split("/");
  return isUuid(directoryId) && isMicros(createdUs) ? { directoryId, createdUs } : undefined;
};

// Unaliased: the search term's conditions (userSearchSql) name the table's own columns.
const U = sql.raw("directory_users");

/** A page of the scope's users in (directory, created, id) order, with the filters applied. */
export async function listUsers(
  executor: Executor,
  scope: ReadScope,
  filters: UserListFilters,
  page: PageParams,
): Promise<CursorPage<NormalizedUser>> {
  const after = page.after ? parseCursor(page.after, (c) => isUuid(c.id) && positionOf(c.v) !== undefined) : undefined;
  const directoryIds = await scopeDirectoryIds(executor, scope);
  if (directoryIds.length === 0) return { rows: [], nextCursor: null };
  const conditions: SQL[] = [inDirectoriesSql(sql`${U}.directory_id`, directoryIds)];
  if (filters.groupId) {
    conditions.push(
      sql`exists (select 1 from group_members m where m.directory_id = ${U}.directory_id and m.group_id = ${filters.groupId}::uuid and m.user_id = ${U}.id)`,
    );
  }
  if (filters.active !== undefined) conditions.push(sql`${U}.active = ${filters.active}`);
  if (filters.updatedAfter) conditions.push(sql`${U}.updated_at > ${filters.updatedAfter.toISOString()}::timestamptz`);
  const q = filters.q?.trim().slice(0, 200);
  if (q) conditions.push(userSearchSql(q, await hasBytewiseCollation(executor)));
  if (after) {
    const position = positionOf(after.v)!;
    conditions.push(
      sql`(${U}.directory_id, ${U}.created_at, ${U}.id) > (${position.directoryId}::uuid, ${fromMicrosSql(position.createdUs)}, ${after.id}::uuid)`,
    );
  }
  const rows = await queryRows<{ user: NormalizedUser; position: string }>(
    executor,
    sql`select ${userJsonSql(U, scope.organizationId)} as "user",
               ${U}.directory_id::text || '/' || (extract(epoch from ${U}.created_at) * 1000000)::bigint::text as "position"
        from directory_users
        where ${sql.join(conditions, sql` and `)}
        order by ${U}.directory_id, ${U}.created_at, ${U}.id
        limit ${page.limit + 1}`,
  );
  const result = forwardPage(rows, page.limit, (r) => ({ v: r.position, id: r.user.id }));
  return { rows: result.rows.map((r) => r.user), nextCursor: result.nextCursor };
}

/** One user of the scope, normalised; undefined for an unknown or malformed id. */
export async function getUser(executor: Executor, scope: ReadScope, id: string): Promise<NormalizedUser | undefined> {
  if (!isUuid(id)) return undefined;
  const directoryIds = await scopeDirectoryIds(executor, scope);
  if (directoryIds.length === 0) return undefined;
  const [row] = await queryRows<{ user: NormalizedUser }>(
    executor,
    sql`select ${userJsonSql(sql`u`, scope.organizationId)} as "user" from directory_users u
        where ${inDirectoriesSql(sql`u.directory_id`, directoryIds)} and u.id = ${id}::uuid`,
  );
  return row?.user;
}
