// The users of one directory. `directoryUsers(executor, directory)` binds the directory
// into every query, so no caller can forget it. Every change runs in one transaction
// (a savepoint inside a caller's) together with its events and their NOTIFY.
import { type SQL, and, asc, desc, eq, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Executor, queryRows } from "@/db/client";
import { type DirectoryUser, directoryUsers as usersTable } from "@/db/schema";
import { isUuid } from "@/lib/auth/scim-token";
import { type UserColumns } from "@/lib/scim/resources";
import { deprovisionHoldFor } from "./deprovision-guard";
import { insertEvents, previousSql, recordUserEvent, writeWithEvents } from "./events";
import { type Keyset, keysetSql, totalFromShortPage } from "./pagination";
import { type UserEventType, groupJsonSql, previousAttributes, userGroupsSql, userJsonSql } from "./payloads";
import { resolvedRoles } from "./roles";
import { type DirectoryRef, type VersionCondition, checkVersion, sameJson, usersByIdSql, uuidArraySql, writeStatement, writeTransaction } from "./write";

export type { UserColumns };

/** A user as written: the canonical SCIM JSON (no id/meta/groups) and its columns. */
export type UserInput = { data: Record<string, unknown>; columns: UserColumns };

export type UserGroupRef = { id: string; displayName: string };
export type UserRecord = DirectoryUser & { groups: UserGroupRef[] };

export type { Keyset };

export type ListQuery = {
  /** Extra conditions (a compiled SCIM filter); the directory is added here. */
  where?: SQL;
  /** ORDER BY terms before the (created_at, id) tiebreak; unset for the default order. */
  orderBy?: SQL[];
  /** 1-based (RFC 7644 §3.4.2.4); ignored when `after` is set. */
  startIndex: number;
  count: number;
  /** Keyset position (cursor pagination); only with the default order. */
  after?: Keyset;
  /** Skip the groups lookup (the client excluded `groups`). */
  withGroups?: boolean;
};

/** A page: `keys[i]` is the keyset position of `rows[i]` (for the next page's cursor). */
export type ListResult<T> = { totalResults: number; rows: T[]; keys: Keyset[] };

export type UserMutation = { input: UserInput; changed: boolean };

// A user row with its groups and keyset position, read in ONE statement (a correlated
// aggregate over the user's memberships rather than a second query): what every SCIM read
// of users costs. The column list is one raw chunk, built once; columns come back under
// DirectoryUser's own names, so no row mapping is needed.
const columnsOf = (table: string) =>
  sql.raw(
    [
      `${table}.directory_id as "directoryId"`,
      `${table}.id as "id"`,
      `${table}.user_name as "userName"`,
      `${table}.external_id as "externalId"`,
      `${table}.active as "active"`,
      `${table}.display_name as "displayName"`,
      `${table}.given_name as "givenName"`,
      `${table}.family_name as "familyName"`,
      `${table}.primary_email as "primaryEmail"`,
      `${table}.data as "data"`,
      `${table}.version as "version"`,
      `${table}.created_at as "createdAt"`,
      `${table}.updated_at as "updatedAt"`,
      `(extract(epoch from ${table}.created_at) * 1000000)::bigint::text as "createdUs"`,
    ].join(", "),
  );
const USER_COLUMNS = columnsOf("directory_users");
/** The same columns of a user row just written, from its CTE `written`. */
const WRITTEN_COLUMNS = columnsOf("written");
/** The groups of each row of `table`, by name, as UserRecord lists them (the payloads' own list). */
const groupsOf = (table: string) => sql`${userGroupsSql(sql.raw(table))} as "groups"`;
const USER_GROUPS = groupsOf("directory_users");
const USER_GROUPS_OF_WRITTEN = groupsOf("written");
const NO_GROUPS = sql.raw(`'[]'::json as "groups"`);

type UserRow = DirectoryUser & { createdUs: string; groups: UserGroupRef[] };

/** `select … from directory_users` with the user's groups (or none), then `rest` (where, order, limit). */
function userRowsSql(includeGroups: boolean, rest: SQL): SQL {
  return sql`select ${USER_COLUMNS}, ${includeGroups ? USER_GROUPS : NO_GROUPS} from directory_users ${rest}`;
}

/** Timestamps as Dates whichever driver answered (both parse timestamptz; a string is converted). */
function asUserRow(row: UserRow): UserRow {
  const raw = row as unknown as { createdAt: Date | string; updatedAt: Date | string };
  if (typeof raw.createdAt === "string") row.createdAt = new Date(raw.createdAt);
  if (typeof raw.updatedAt === "string") row.updatedAt = new Date(raw.updatedAt);
  return row;
}

/** From this startIndex on, a page is found by id first (see list). */
const DEEP_OFFSET = 1000;

/** A read row as the stores hand it out (without the read's keyset column). */
function recordOf(row: UserRow): UserRecord {
  const { createdUs: _createdUs, ...record } = row;
  return record;
}

/** Whether `input` would store exactly what `before` holds (then nothing is written). */
function isSameUser(before: DirectoryUser, input: UserInput): boolean {
  const { columns } = input;
  return (
    sameJson(before.data, input.data) &&
    before.userName === columns.userName &&
    before.externalId === columns.externalId &&
    before.active === columns.active &&
    before.displayName === columns.displayName &&
    before.givenName === columns.givenName &&
    before.familyName === columns.familyName &&
    before.primaryEmail === columns.primaryEmail
  );
}

function withoutActive(data: Record<string, unknown>): Record<string, unknown> {
  const { active: _active, ...rest } = data;
  return rest;
}

export function directoryUsers(executor: Executor, directory: DirectoryRef) {
  const inDirectory = eq(usersTable.directoryId, directory.id);
  const byId = (id: string) => and(inDirectory, eq(usersTable.id, id));

  /** One user with its groups (or none), in one statement. */
  async function readOne(id: string, includeGroups: boolean): Promise<UserRecord | undefined> {
    const [row] = await queryRows<UserRow>(
      executor,
      userRowsSql(includeGroups, sql`where directory_users.directory_id = ${directory.id} and directory_users.id = ${id}`),
    );
    return row ? recordOf(asUserRow(row)) : undefined;
  }

  async function lockRow(id: string): Promise<DirectoryUser | undefined> {
    // NO KEY UPDATE rather than UPDATE: it serialises writers of this user (parallel PUTs
    // never interleave) without blocking the KEY SHARE lock that adding the user to a
    // group takes through the group_members foreign key.
    const [row] = await executor.select().from(usersTable).where(byId(id)).for("no key update");
    return row;
  }

  /**
   * The optimistic write of a change that keeps `active` as it is: the update, conditional on
   * the version read, and its user.updated event in one statement. Undefined when the row
   * changed (or went) since it was read.
   */
  async function updateIfVersion(before: UserRecord, input: UserInput): Promise<UserRecord | undefined> {
    const c = input.columns;
    // `active` lives in the column: absent from the data means active.
    const previous = previousAttributes({ ...before.data, active: before.active }, { ...input.data, active: c.active }, sameJson);
    const [row] = await writeStatement(executor, (x) =>
      writeWithEvents<UserRow>(x, directory, "user.updated", {
        prefix: sql`written as (
            update directory_users
            set user_name = ${c.userName}, external_id = ${c.externalId}, active = ${c.active},
                display_name = ${c.displayName}, given_name = ${c.givenName}, family_name = ${c.familyName},
                primary_email = ${c.primaryEmail}, data = ${JSON.stringify(input.data)}::jsonb,
                version = version + 1, updated_at = now()
            where directory_id = ${directory.id} and id = ${before.id} and version = ${before.version}
            returning *
          )`,
        select: sql`select 'user' as resource_type, written.id as resource_id,
                           jsonb_build_object('user', ${userJsonSql(sql`written`, directory.organizationId)})${previousSql(previous)} as data
                    from written`,
        returning: sql`select ${WRITTEN_COLUMNS}, ${USER_GROUPS_OF_WRITTEN} from written`,
      }),
    );
    if (!row) return undefined;
    const { eventCount: _eventCount, ...user } = row;
    return recordOf(asUserRow(user));
  }

  /** Inside the locking transaction: writes the change and its events (nothing when it changes nothing). */
  async function writeChange(before: DirectoryUser, input: UserInput): Promise<void> {
    if (isSameUser(before, input)) return;
    // A deactivated user has no roles (payloads.ts userRolesSql): deactivation drops the
    // roles it had, reactivation brings back those its groups give; its own event says so.
    const isDeactivation = before.active && !input.columns.active;
    const rolesBefore = isDeactivation ? await resolvedRoles(executor, directory, before.id) : [];
    const [after] = await executor
      .update(usersTable)
      .set({ ...input.columns, data: input.data, version: sql`${usersTable.version} + 1`, updatedAt: sql`now()` })
      .where(byId(before.id))
      .returning();
    if (!after) throw new Error("locked user vanished");
    const types: UserEventType[] = [];
    if (before.active !== after.active) types.push(after.active ? "user.reactivated" : "user.deactivated");
    const isOtherChange =
      !sameJson(withoutActive(before.data), withoutActive(after.data)) ||
      before.userName !== after.userName ||
      before.externalId !== after.externalId;
    if (isOtherChange || types.length === 0) types.push("user.updated");
    // `active` lives in the column: absent from the data means active.
    const previous = previousAttributes({ ...before.data, active: before.active }, { ...after.data, active: after.active }, sameJson);
    if (isDeactivation && rolesBefore.length > 0) previous.roles = rolesBefore;
    if (!before.active && after.active && (await resolvedRoles(executor, directory, after.id)).length > 0) previous.roles = [];
    // A deactivation may trip the deprovisioning guard: then every event of this change is held.
    const holdId = types.includes("user.deactivated") ? await deprovisionHoldFor(executor, directory, after.id) : undefined;
    for (const type of types) await recordUserEvent(executor, directory, type, after.id, previous, holdId);
  }

  return {
    async get(id: string, opts: { withGroups?: boolean } = {}): Promise<UserRecord | undefined> {
      return isUuid(id) ? readOne(id, opts.withGroups ?? true) : undefined;
    },

    async list(query: ListQuery): Promise<ListResult<UserRecord>> {
      const where = and(inDirectory, query.where);
      const countAll = async () =>
        Number((await executor.select({ n: sql<number>`count(*)::int` }).from(usersTable).where(where))[0]?.n ?? 0);
      if (query.count <= 0) return { totalResults: await countAll(), rows: [], keys: [] };
      const order = [...(query.orderBy ?? []), asc(usersTable.createdAt), asc(usersTable.id)];
      const pageWhere = query.after ? and(where, keysetSql(usersTable.createdAt, usersTable.id, query.after)) : where;
      const offset = query.after ? 0 : Math.max(0, query.startIndex - 1);
      const includeGroups = query.withGroups ?? true;
      let page: UserRow[];
      let pageLength: number;
      let total: number | undefined;
      if (offset >= DEEP_OFFSET) {
        // A deep startIndex (Okta walks a directory page by page this way) skips its rows on
        // the (directory_id, created_at, id) index alone, then reads only the page's rows.
        // In the default order, a page in the second half of the result is found from the
        // end instead (the index read backwards, skipping only the rows after the page): the
        // last pages of 100,000 users cost what the first ones do. The total it needs is the
        // one the answer reports anyway.
        const isDefaultOrder = (query.orderBy ?? []).length === 0;
        total = isDefaultOrder ? await countAll() : undefined;
        const fromEnd = total !== undefined && offset > total / 2;
        const skip = fromEnd ? Math.max(0, total! - offset - query.count) : offset;
        const take = fromEnd ? Math.max(0, Math.min(query.count, total! - offset)) : query.count;
        const ids =
          take === 0
            ? []
            : (
                await executor
                  .select({ id: usersTable.id })
                  .from(usersTable)
                  .where(pageWhere)
                  .orderBy(...(fromEnd ? [desc(usersTable.createdAt), desc(usersTable.id)] : order))
                  .limit(take)
                  .offset(skip)
              ).map((r) => r.id);
        if (fromEnd) ids.reverse();
        const fetched =
          ids.length === 0
            ? []
            : await queryRows<UserRow>(
                executor,
                userRowsSql(includeGroups, sql`where directory_users.directory_id = ${directory.id} and directory_users.id = any(${uuidArraySql(ids)})`),
              );
        const byId = new Map(fetched.map((p) => [p.id, p]));
        page = ids.flatMap((id) => byId.get(id) ?? []);
        pageLength = ids.length;
      } else {
        page = await queryRows<UserRow>(
          executor,
          userRowsSql(
            includeGroups,
            sql`where ${pageWhere} order by ${sql.join(order, sql`, `)} limit ${query.count}${offset > 0 ? sql` offset ${offset}` : sql``}`,
          ),
        );
        pageLength = page.length;
      }
      const totalResults = total ?? totalFromShortPage(offset, pageLength, query.count, Boolean(query.after)) ?? (await countAll());
      const rows = page.map((p) => recordOf(asUserRow(p)));
      return { totalResults, rows, keys: page.map((p) => ({ createdUs: p.createdUs, id: p.id })) };
    },

    /**
     * Creates a user; a userName already taken (in any case) is 409 uniqueness. The row,
     * its user.created event and the NOTIFY are one statement: one round trip, atomic.
     */
    async create(input: UserInput): Promise<UserRecord> {
      const c = input.columns;
      const [row] = await writeStatement(executor, (x) =>
        writeWithEvents<UserRow>(x, directory, "user.created", {
          prefix: sql`written as (
              insert into directory_users (directory_id, user_name, external_id, active, display_name, given_name,
                                           family_name, primary_email, data)
              values (${directory.id}::uuid, ${c.userName}, ${c.externalId}, ${c.active}, ${c.displayName}, ${c.givenName},
                      ${c.familyName}, ${c.primaryEmail}, ${JSON.stringify(input.data)}::jsonb)
              returning *
            )`,
          select: sql`select 'user' as resource_type, written.id as resource_id,
                             jsonb_build_object('user', ${userJsonSql(sql`written`, directory.organizationId, { membership: "none" })}) as data
                      from written`,
          returning: sql`select ${WRITTEN_COLUMNS}, ${NO_GROUPS} from written`,
        }),
      );
      if (!row || row.eventCount !== 1) throw new Error("user insert returned no row or no event");
      const { eventCount: _eventCount, ...user } = row;
      return recordOf(asUserRow(user));
    },

    /** PUT: the whole resource replaced (RFC 7644 §3.5.1). Undefined for an unknown id. */
    async replace(id: string, input: UserInput, expectedVersion?: VersionCondition): Promise<UserRecord | undefined> {
      return this.patch(id, () => ({ input, changed: true }), expectedVersion);
    },

    /**
     * PUT and PATCH: `mutate` computes the new state from the current row. Optimistically
     * first, in two round trips: read the row (with its groups), then ONE statement that
     * updates it only if its version is still the one read, with its user.updated event and
     * NOTIFY. A concurrent writer in between makes that statement match nothing, and the
     * change is computed again from the newer row. A deactivation or reactivation takes the
     * locking transaction instead (mutate), since the deprovisioning guard must see and
     * count it under lock; so does a change that keeps losing the race.
     */
    async patch(
      id: string,
      mutate: (current: DirectoryUser) => UserMutation,
      expectedVersion?: VersionCondition,
    ): Promise<UserRecord | undefined> {
      if (!isUuid(id)) return undefined;
      if (!(executor instanceof PgTransaction)) {
        for (let attempt = 0; attempt < 3; attempt++) {
          const current = await this.get(id, { withGroups: true });
          if (!current) return undefined;
          checkVersion(current.version, expectedVersion);
          const { input, changed } = mutate(current);
          if (!changed || isSameUser(current, input)) return current;
          if (current.active !== input.columns.active) break;
          const written = await updateIfVersion(current, input);
          if (written) return written;
        }
      }
      return writeTransaction(executor, async (tx) => directoryUsers(tx, directory).mutate(id, mutate, expectedVersion));
    },

    /** Inside a transaction: lock, check the version, apply, record. */
    async mutate(
      id: string,
      mutate: (current: DirectoryUser) => UserMutation,
      expectedVersion?: VersionCondition,
    ): Promise<UserRecord | undefined> {
      const before = await lockRow(id);
      if (!before) return undefined;
      checkVersion(before.version, expectedVersion);
      const { input, changed } = mutate(before);
      if (changed) await writeChange(before, input);
      return readOne(id, true);
    },

    /**
     * Deletes the user and its group memberships. user.deleted carries the user as it stood
     * (with its groups); then one set-based statement removes the memberships, with a
     * group.member_removed event for each and the groups' member counts. The groups are
     * locked first, in id order, as a member PATCH locks its group before the user's key:
     * the same order everywhere, so a delete and a PATCH never wait on each other in a
     * cycle. False for an unknown id.
     */
    async delete(id: string, expectedVersion?: VersionCondition): Promise<boolean> {
      if (!isUuid(id)) return false;
      return writeTransaction(executor, async (tx) => {
        await queryRows(
          tx,
          sql`select g.id from directory_groups g
              where g.directory_id = ${directory.id}
                and g.id in (select group_id from group_members where directory_id = ${directory.id} and user_id = ${id})
              order by g.id for no key update`,
        );
        const [before] = await tx.select().from(usersTable).where(byId(id)).for("update");
        if (!before) return false;
        checkVersion(before.version, expectedVersion);
        const holdId = await deprovisionHoldFor(tx, directory, id);
        await recordUserEvent(tx, directory, "user.deleted", id, undefined, holdId);
        await insertEvents(
          tx,
          directory,
          "group.member_removed",
          sql`select 'group' as resource_type, g.id as resource_id,
                     jsonb_build_object('group', ${groupJsonSql(sql`g`, directory.organizationId)},
                                        'user', ${userJsonSql(sql`u`, directory.organizationId, { membership: "none" })}) as data
              from counted g
              join directory_users u on u.directory_id = ${directory.id} and u.id = ${id}`,
          {
            prefix: sql`changed as (
                delete from group_members where directory_id = ${directory.id} and user_id = ${id}
                returning group_id
              ),
              counted as (
                update directory_groups g
                set member_count = g.member_count - 1, version = g.version + 1, updated_at = now()
                from changed c
                where g.directory_id = ${directory.id} and g.id = c.group_id
                returning g.*
              )`,
            holdId,
          },
        );
        await tx.delete(usersTable).where(byId(id));
        return true;
      });
    },

    /** Ids among `ids` that are not users of this directory (in the order given). */
    async unknownIds(ids: readonly string[]): Promise<string[]> {
      const candidates = [...new Set(ids)].filter(isUuid);
      const invalid = [...new Set(ids)].filter((id) => !isUuid(id));
      if (candidates.length === 0) return invalid;
      const found = await queryRows<{ id: string }>(
        executor,
        sql`select u.id::text as id from ${usersByIdSql(directory.id, sql`select unnest(${uuidArraySql(candidates)})`)} u`,
      );
      const known = new Set(found.map((r) => r.id.toLowerCase()));
      const missing = new Set([...invalid, ...candidates.filter((id) => !known.has(id.toLowerCase()))]);
      return [...new Set(ids)].filter((id) => missing.has(id) || missing.has(id.toLowerCase()));
    },
  };
}

export type DirectoryUsers = ReturnType<typeof directoryUsers>;
