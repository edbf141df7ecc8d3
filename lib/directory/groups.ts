// The groups of one directory and their membership. Membership is rows in group_members;
// every change to it is one set-based statement (INSERT … SELECT … ON CONFLICT DO NOTHING,
// DELETE … WHERE user_id = ANY(…)) that also writes one event per member actually added or
// removed, so its cost depends on the members named, never on the size of the group. A
// PATCH never loads the members.
import { type SQL, and, asc, eq, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { type DirectoryGroup, directoryGroups as groupsTable } from "@/db/schema";
import { isUuid } from "@/lib/auth/scim-token";
import { DirectoryError } from "./errors";
import { insertEventBatches, recordGroupEvent } from "./events";
import { type MembershipEventType, type UserView, groupJsonSql, previousAttributes, userJsonSql } from "./payloads";
import { membershipRoleChangeSql, writeGroupDeletionRoleChanges } from "./roles";
import { type Keyset, keysetSql, microsSql, totalFromShortPage } from "./pagination";
import { type MemberRef, membersOfGroups } from "./read/members";
import { type ListResult, directoryUsers } from "./users";
import { type DirectoryRef, type VersionCondition, checkVersion, sameJson, usersByIdSql, uuidArraySql, writeTransaction } from "./write";

export type GroupColumns = { displayName: string; externalId: string | null };
export type GroupInput = { data: Record<string, unknown>; columns: GroupColumns };

/** One membership change, as the PATCH engine (lib/scim/patch.ts) describes it. */
export type MembershipChange =
  | { kind: "add"; ids: string[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "replace"; ids: string[] };

export type GroupMember = MemberRef;
/**
 * One member of a SCIM `members` list as JSON text, over `m` (group_members) joined to `u`
 * (directory_users): concatenated rather than json_build_object per member — the same JSON
 * (to_json escapes the strings), without the spaces, in about 80 % of the time.
 */
const memberJsonSql = (usersUrl: string) =>
  sql`'{"value":"' || m.user_id::text || '","$ref":' || to_json(${usersUrl}::text || m.user_id::text)::text
      || ',"display":' || to_json(coalesce(u.display_name, u.user_name))::text || ',"type":"User"}'`;

/** Members per piece of a streamed member list (streamMembersJson). */
const MEMBER_PIECE = 2000;

export type GroupRecord = DirectoryGroup & { members?: GroupMember[] };

export type GroupListQuery = {
  where?: SQL;
  orderBy?: SQL[];
  startIndex: number;
  count: number;
  after?: Keyset;
  /** Load members for the page (RFC 7644 §3.4.2.5: skipped when the client excludes them). */
  withMembers?: boolean;
};

export type GroupMutation = { input: GroupInput; membership: MembershipChange[]; changed: boolean };

const createdUsSql = microsSql(groupsTable.createdAt);

/** An invalid reference naming every member id that is not a user of the directory. */
function unknownMembersError(ids: string[]): DirectoryError {
  const shown = ids.slice(0, 20).map((id) => `"${id}"`).join(", ");
  const more = ids.length > 20 ? ` and ${ids.length - 20} more` : "";
  return new DirectoryError("invalid_reference", `Unknown member id(s), not users of this directory: ${shown}${more}`);
}

export function directoryGroups(executor: Executor, directory: DirectoryRef) {
  const inDirectory = eq(groupsTable.directoryId, directory.id);
  const byId = (id: string) => and(inDirectory, eq(groupsTable.id, id));

  async function withMembers(rows: DirectoryGroup[], include: boolean): Promise<GroupRecord[]> {
    if (!include) return rows;
    const members = await membersOfGroups(executor, directory.id, rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, members: members.get(r.id) ?? [] }));
  }

  /** `from … where …` of a group's members (`m`) with their users (`u`), for memberJsonSql. */
  const membersOfSql = (groupId: string) => sql`from group_members m
    join directory_users u on u.directory_id = m.directory_id and u.id = m.user_id
    where m.directory_id = ${directory.id} and m.group_id = ${groupId}`;

  async function checkMembers(ids: readonly string[]): Promise<string[]> {
    const unknown = await directoryUsers(executor, directory).unknownIds(ids);
    if (unknown.length > 0) throw unknownMembersError(unknown);
    return [...new Set(ids.map((id) => id.toLowerCase()))];
  }

  /**
   * Runs one set-based membership statement: `change` is a data-modifying CTE named
   * `changed` that returns `user_id`. In the same statement the group's member count and
   * version move, each changed row becomes an event of `type` carrying the group and the
   * user as they are after it, and the changed users whose resolved roles move (the group
   * maps to a role) get their version moved and a user.updated event with
   * `previous.roles` (one NOTIFY per event type announces them all). Returns how many
   * members changed.
   */
  async function runMembership(group: DirectoryGroup, type: MembershipEventType, change: SQL): Promise<number> {
    const isAdd = type === "group.member_added";
    const after: UserView = {
      membership: {
        without: sql`${group.id}::uuid`,
        ...(isAdd ? { plus: { id: sql`${group.id}::uuid`, displayName: sql`${group.displayName}::text` } } : {}),
      },
    };
    const roles = membershipRoleChangeSql(directory, group.id, after);
    const [members] = await insertEventBatches(
      executor,
      directory,
      [
        {
          type,
          select: sql`select 'group' as resource_type, g.id as resource_id,
                 jsonb_build_object('group', ${groupJsonSql(sql`g`, directory.organizationId)},
                                    'user', ${userJsonSql(sql`u`, directory.organizationId, after)}) as data
          from users_after u
          cross join counted g`,
        },
        roles.batch,
      ],
      sql`changed as (${change}),
          counted as (
            update directory_groups g
            set member_count = g.member_count ${isAdd ? sql`+` : sql`-`} (select count(*)::int from changed),
                version = g.version + 1, updated_at = now()
            where g.directory_id = ${directory.id} and g.id = ${group.id} and exists (select 1 from changed)
            returning g.*
          ),
          ${roles.ctes},
          -- Exactly the changed members, each once (found by key: usersByIdSql).
          users_after as (
            select * from role_bumped
            union all
            select au.* from ${usersByIdSql(directory.id, sql`select user_id from changed`)} au
            where not exists (select 1 from role_diff rd where rd.id = au.id)
          )`,
    );
    return members ?? 0;
  }

  async function addMembers(group: DirectoryGroup, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return runMembership(
      group,
      "group.member_added",
      sql`insert into group_members (directory_id, group_id, user_id)
          select ${directory.id}::uuid, ${group.id}::uuid, u.id from ${usersByIdSql(directory.id, sql`select unnest(${uuidArraySql(ids)})`)} u
          on conflict do nothing returning user_id`,
    );
  }

  async function removeMembers(group: DirectoryGroup, ids: string[] | "all", keep: string[] = []): Promise<number> {
    if (ids !== "all" && ids.length === 0) return 0;
    const which = ids === "all" ? sql`` : sql` and user_id = any(${uuidArraySql(ids)})`;
    const except = keep.length > 0 ? sql` and not (user_id = any(${uuidArraySql(keep)}))` : sql``;
    return runMembership(
      group,
      "group.member_removed",
      sql`delete from group_members
          where directory_id = ${directory.id} and group_id = ${group.id}${which}${except}
          returning user_id`,
    );
  }

  /** Applies membership changes in order; returns whether any row changed. */
  async function applyMembership(group: DirectoryGroup, changes: readonly MembershipChange[]): Promise<boolean> {
    let changedRows = 0;
    for (const change of changes) {
      switch (change.kind) {
        case "add":
          changedRows += await addMembers(group, await checkMembers(change.ids));
          break;
        case "remove":
          // Removing a member that is absent (or an id that is not a user) is not an error.
          changedRows += await removeMembers(group, [...new Set(change.ids.filter(isUuid).map((id) => id.toLowerCase()))]);
          break;
        case "removeAll":
          changedRows += await removeMembers(group, "all");
          break;
        case "replace": {
          const ids = await checkMembers(change.ids);
          changedRows += await removeMembers(group, "all", ids);
          changedRows += await addMembers(group, ids);
          break;
        }
      }
    }
    return changedRows > 0;
  }

  async function mutateLocked(
    id: string,
    mutate: (current: DirectoryGroup) => GroupMutation,
    expectedVersion: VersionCondition,
    includeMembers: boolean,
  ): Promise<GroupRecord | undefined> {
    // NO KEY UPDATE: parallel PATCHes of one group queue here (each is short: no member
    // list is read), and the lock does not block member inserts' foreign-key checks.
    const [before] = await executor.select().from(groupsTable).where(byId(id)).for("no key update");
    if (!before) return undefined;
    checkVersion(before.version, expectedVersion);
    const { input, membership, changed } = mutate(before);
    const isDataChanged =
      changed &&
      !(
        sameJson(before.data, input.data) &&
        before.displayName === input.columns.displayName &&
        before.externalId === input.columns.externalId
      );
    let after = before;
    // Attributes first, so that member events name the group as it is after a rename.
    if (isDataChanged) {
      const [row] = await executor
        .update(groupsTable)
        .set({ ...input.columns, data: input.data, version: sql`${groupsTable.version} + 1`, updatedAt: sql`now()` })
        .where(byId(id))
        .returning();
      if (!row) throw new Error("locked group vanished");
      after = row;
      await recordGroupEvent(executor, directory, "group.updated", after.id, previousAttributes(before.data, after.data, sameJson));
    }
    // Each membership statement moves the version and the member count itself.
    if (await applyMembership(after, membership)) {
      const [row] = await executor.select().from(groupsTable).where(byId(id));
      if (!row) throw new Error("locked group vanished");
      after = row;
    }
    const [record] = await withMembers([after], includeMembers);
    return record;
  }

  return {
    async get(id: string, opts: { withMembers?: boolean } = {}): Promise<GroupRecord | undefined> {
      if (!isUuid(id)) return undefined;
      const [row] = await executor.select().from(groupsTable).where(byId(id));
      if (!row) return undefined;
      const [record] = await withMembers([row], opts.withMembers ?? true);
      return record;
    },

    /**
     * The group's members as the JSON text of a SCIM `members` list (value, $ref under
     * `usersUrl`, display, type), in the order they were added, or null when it has none.
     * Built by Postgres in one statement: no row becomes a JavaScript object.
     */
    async membersJson(groupId: string, usersUrl: string): Promise<string | null> {
      if (!isUuid(groupId)) return null;
      const [row] = await queryRows<{ members: string | null }>(
        executor,
        sql`select '[' || string_agg(${memberJsonSql(usersUrl)}, ',' order by m.created_at, m.user_id) || ']' as members
            ${membersOfSql(groupId)}`,
      );
      return row?.members ?? null;
    },

    /**
     * The group's members as membersJson writes them, in pieces: each call of `write` gets
     * the next elements of the list (comma-separated, without brackets). One read-only
     * snapshot (a repeatable-read transaction with a cursor over one sorted statement), so
     * the pieces are one consistent list however long the client takes; `write` may wait
     * (backpressure). Memory stays at one piece, whatever the group's size.
     */
    async streamMembersJson(groupId: string, usersUrl: string, write: (piece: string) => Promise<void>): Promise<void> {
      if (!isUuid(groupId)) return;
      await executor.transaction(
        async (tx) => {
          await tx.execute(sql`declare roster_members no scroll cursor for
            select ${memberJsonSql(usersUrl)} as member ${membersOfSql(groupId)}
            order by m.created_at, m.user_id`);
          for (;;) {
            const rows = await queryRows<{ member: string }>(tx, sql`fetch forward ${sql.raw(String(MEMBER_PIECE))} from roster_members`);
            if (rows.length === 0) break;
            await write(rows.map((r) => r.member).join(","));
            if (rows.length < MEMBER_PIECE) break;
          }
          await tx.execute(sql`close roster_members`);
        },
        { isolationLevel: "repeatable read", accessMode: "read only" },
      );
    },

    async list(query: GroupListQuery): Promise<ListResult<GroupRecord>> {
      const where = and(inDirectory, query.where);
      const countAll = async () =>
        Number((await executor.select({ n: sql<number>`count(*)::int` }).from(groupsTable).where(where))[0]?.n ?? 0);
      if (query.count <= 0) return { totalResults: await countAll(), rows: [], keys: [] };
      const order = [...(query.orderBy ?? []), asc(groupsTable.createdAt), asc(groupsTable.id)];
      const pageWhere = query.after ? and(where, keysetSql(groupsTable.createdAt, groupsTable.id, query.after)) : where;
      const offset = query.after ? 0 : Math.max(0, query.startIndex - 1);
      const page = await executor
        .select({ row: groupsTable, createdUs: createdUsSql })
        .from(groupsTable)
        .where(pageWhere)
        .orderBy(...order)
        .limit(query.count)
        .offset(offset);
      const totalResults = totalFromShortPage(offset, page.length, query.count, Boolean(query.after)) ?? (await countAll());
      const rows = await withMembers(page.map((p) => p.row), query.withMembers ?? true);
      return { totalResults, rows, keys: page.map((p) => ({ createdUs: p.createdUs, id: p.row.id })) };
    },

    /**
     * Creates a group with its members. An unknown member id is 400 invalidValue naming it,
     * and nothing is written; a displayName already taken (in any case) is 409 uniqueness.
     */
    async create(input: GroupInput, members: readonly string[] = []): Promise<GroupRecord> {
      return writeTransaction(executor, async (tx) => {
        const groups = directoryGroups(tx, directory);
        return groups.createLocked(input, members);
      });
    },

    /** Inside a transaction: the body of create. */
    async createLocked(input: GroupInput, members: readonly string[]): Promise<GroupRecord> {
      const ids = await checkMembers(members);
      const [row] = await executor
        .insert(groupsTable)
        .values({ directoryId: directory.id, ...input.columns, data: input.data })
        .returning();
      if (!row) throw new Error("group insert returned no row");
      await recordGroupEvent(executor, directory, "group.created", row.id);
      const after = (await addMembers(row, ids)) > 0 ? (await executor.select().from(groupsTable).where(byId(row.id)))[0] : row;
      if (!after) throw new Error("created group vanished");
      const [record] = await withMembers([after], true);
      return record!;
    },

    /**
     * PUT (RFC 7644 §3.5.1): attributes replaced; membership replaced by `members` when the
     * body has the attribute (`[]` empties the group). A PUT without `members` leaves the
     * membership alone: a rename sent as PUT by a provider that omits what it does not
     * manage must not silently empty a group (the Entra member-removal outage, by another road).
     */
    async replace(
      id: string,
      input: GroupInput,
      members: readonly string[] | undefined,
      expectedVersion?: VersionCondition,
      opts: { withMembers?: boolean } = {},
    ): Promise<GroupRecord | undefined> {
      if (!isUuid(id)) return undefined;
      return writeTransaction(executor, (tx) =>
        directoryGroups(tx, directory).mutateLocked(
          id,
          () => ({ input, membership: members ? [{ kind: "replace", ids: [...members] }] : [], changed: true }),
          expectedVersion,
          opts.withMembers ?? true,
        ),
      );
    },

    /** PATCH: `mutate` computes the new attributes and the membership changes. */
    async patch(
      id: string,
      mutate: (current: DirectoryGroup) => GroupMutation,
      expectedVersion?: VersionCondition,
      opts: { withMembers?: boolean } = {},
    ): Promise<GroupRecord | undefined> {
      if (!isUuid(id)) return undefined;
      return writeTransaction(executor, (tx) =>
        directoryGroups(tx, directory).mutateLocked(id, mutate, expectedVersion, opts.withMembers ?? false),
      );
    },

    mutateLocked,

    /**
     * Deletes the group; its membership rows (and role mappings) go by cascade, without an
     * event each: group.deleted (the group as it stood, with its member count) says they are
     * gone. Members whose roles that moves get user.updated with `previous.roles`.
     * False for an unknown id.
     */
    async delete(id: string, expectedVersion?: VersionCondition): Promise<boolean> {
      if (!isUuid(id)) return false;
      return writeTransaction(executor, async (tx) => {
        const [before] = await tx.select().from(groupsTable).where(byId(id)).for("update");
        if (!before) return false;
        checkVersion(before.version, expectedVersion);
        await recordGroupEvent(tx, directory, "group.deleted", id);
        await writeGroupDeletionRoleChanges(tx, directory, id);
        await tx.delete(groupsTable).where(byId(id));
        return true;
      });
    },
  };
}

export type DirectoryGroups = ReturnType<typeof directoryGroups>;
