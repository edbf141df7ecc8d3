// Roles of the application and each directory's mapping from groups to roles.
//
// The SaaS defines one role set for the deployment (PUT /api/v1/roles); each directory maps
// its groups to roles (the customer admin in the portal, or the API). A user's roles are
// never stored: lib/directory/payloads.ts userRolesSql resolves them where a payload is
// built. What this module adds is the other half of that contract: any change that moves a
// user's resolved roles — a mapping, the role set, a membership — writes a user.updated
// event for exactly those users, with `previous.roles`, in the change's transaction. It
// does so set-based: one statement per directory compares each candidate's roles as they
// are (the statement's snapshot) with the roles as the change leaves them (the same
// builder, reading the changed tables through RoleSources overrides), moves the version of
// those whose role keys differ, and inserts their events. Nothing is loaded per user.
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { type Actor, recordAudit } from "./audit";
import { DirectoryError } from "./errors";
import { type EventBatch, insertEventBatches } from "./events";
import { type RoleRef, type UserView, roleKeysSql, userJsonSql, userRolesSql } from "./payloads";
import { type RoleDefinition, type RolePreview, mappingPairs } from "./role-rules";
import { type DirectoryRef, usersByIdSql, uuidArraySql, writeTransaction } from "./write";
import { isUuid } from "@/lib/auth/scim-token";
// Types only: lib/auth/scope imports this module's neighbours, not the other way.
import type { DirectoryScope } from "@/lib/auth/scope";

export type { RoleDefinition, RolePreview };

export type Role = RoleDefinition & { createdAt: string; updatedAt: string };

/** One group's roles in a directory's mapping. */
export type GroupRoleMapping = { groupId: string; groupDisplayName: string; roles: string[] };

export type MappingInput = { groupId: string; roles: string[] }[];

// ---------------------------------------------------------------------------------------
// The one comparison of before and after

type RoleDiff = {
  /** The users that may be affected: a subquery of user ids (of `directory`). */
  candidates: SQL;
  /** How the roles read once the change is written. */
  after: UserView;
  /** A condition evaluated once: false means the change cannot move any role (an unmapped group). */
  onlyIf?: SQL;
};

/** Rows (id, before_roles, after_roles): the candidates whose role keys differ between now and after. */
function roleDiffSql(directory: DirectoryRef, diff: RoleDiff): SQL {
  return sql`select du.id, rdiff.before_roles, rdiff.after_roles
    from ${usersByIdSql(directory.id, diff.candidates)} du
    cross join lateral (select ${userRolesSql(sql`du`)} as before_roles, ${userRolesSql(sql`du`, diff.after)} as after_roles) rdiff
    where ${diff.onlyIf ?? sql`true`}
      and ${roleKeysSql(sql`rdiff.before_roles`)} is distinct from ${roleKeysSql(sql`rdiff.after_roles`)}`;
}

/**
 * For a statement that writes a change: CTEs `role_diff` (the users whose roles it moves,
 * with their roles before) and `role_bumped` (their rows, version + 1: a role change is a
 * change of the user, so a consumer keeping the highest version sees it), and the batch
 * of their user.updated events (the user after the change, `previous.roles` before).
 */
export function roleChangeSql(directory: DirectoryRef, diff: RoleDiff): { ctes: SQL; batch: EventBatch } {
  return {
    ctes: sql`role_diff as (${roleDiffSql(directory, diff)}),
      role_bumped as (
        update directory_users bu set version = bu.version + 1, updated_at = now()
        where bu.directory_id = ${directory.id} and bu.id = any(array(select id from role_diff))
        returning bu.*
      )`,
    batch: {
      type: "user.updated",
      select: sql`select 'user' as resource_type, u.id as resource_id,
                         jsonb_build_object('user', ${userJsonSql(sql`u`, directory.organizationId, diff.after)},
                                            'previous', jsonb_build_object('roles', d.before_roles)) as data
                  from role_bumped u join role_diff d on d.id = u.id`,
    },
  };
}

/** Inside a transaction: writes the user.updated events of a change not yet applied. Returns how many. */
async function writeRoleChanges(tx: Executor, directory: DirectoryRef, diff: RoleDiff): Promise<number> {
  const { ctes, batch } = roleChangeSql(directory, diff);
  const [n] = await insertEventBatches(tx, directory, [batch], ctes);
  return n ?? 0;
}

async function previewRoleChanges(db: Executor, directory: DirectoryRef, diff: RoleDiff): Promise<RolePreview> {
  const rows = await queryRows<{ key: string | null; name: string | null; gained: number; lost: number; users: number }>(
    db,
    sql`with diff as (${roleDiffSql(directory, diff)}),
        moved as (
          select a ->> 'key' as key, a ->> 'name' as name, 1 as gained, 0 as lost, d.id
          from diff d cross join jsonb_array_elements(d.after_roles) a
          where not exists (select 1 from jsonb_array_elements(d.before_roles) x where x ->> 'key' = a ->> 'key')
          union all
          select b ->> 'key', b ->> 'name', 0, 1, d.id
          from diff d cross join jsonb_array_elements(d.before_roles) b
          where not exists (select 1 from jsonb_array_elements(d.after_roles) x where x ->> 'key' = b ->> 'key')
        )
        select m.key, max(m.name) as name, sum(m.gained)::int as gained, sum(m.lost)::int as lost,
               (select count(*)::int from diff) as users
        from moved m group by m.key
        union all select null, null, 0, 0, (select count(*)::int from diff) where not exists (select 1 from moved)`,
  );
  const order = new Map((await listRoles(db)).map((role, i) => [role.key, i]));
  const roles = rows
    .filter((r): r is typeof r & { key: string } => r.key !== null)
    .map((r) => ({ key: r.key, name: r.name ?? r.key, gained: Number(r.gained), lost: Number(r.lost) }))
    .sort((a, b) => (order.get(a.key) ?? Infinity) - (order.get(b.key) ?? Infinity) || a.key.localeCompare(b.key));
  return { users: Number(rows[0]?.users ?? 0), roles };
}

// ---------------------------------------------------------------------------------------
// The role set

type RoleRow = { key: string; name: string; description: string | null; is_default: boolean; created_at: string; updated_at: string };

const iso = (v: string | Date) => (v instanceof Date ? v : new Date(v)).toISOString();

export async function listRoles(db: Executor): Promise<Role[]> {
  const rows = await queryRows<RoleRow>(
    db,
    sql`select key, name, description, is_default, created_at, updated_at from roles order by position, key`,
  );
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    description: r.description,
    isDefault: r.is_default,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }));
}

/** The role set as a relation (key, name, position, is_default), for RoleSources. */
function roleSetSql(roles: readonly RoleDefinition[]): SQL {
  const rows = roles.map((r, position) => ({ key: r.key, name: r.name, position, is_default: r.isDefault }));
  return sql`(select x.key, x.name, x.position, x.is_default
              from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(key text, name text, position int, is_default boolean))`;
}

/** A text[] parameter, passed as JSON (no array-literal quoting to get wrong). */
const textArraySql = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

export type RoleSetChange = { roles: Role[]; added: string[]; removed: string[]; usersUpdated: number };

/**
 * Replaces the deployment's role set (already validated: keys unique and well-formed, at
 * most one default). Removing a role removes its mappings; whoever's roles that moves —
 * and, when the default role changes, every active user without a mapped role — gets a
 * user.updated event in this transaction. Renaming or reordering roles moves no one's
 * roles and writes no event (payloads carry the new names from now on).
 */
export async function replaceRoles(db: Executor, roles: readonly RoleDefinition[], actor: Actor): Promise<RoleSetChange> {
  return writeTransaction(db, async (tx) => {
    // One role-set change at a time (the set is one resource); the set read next is stable.
    await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext('roster:roles'))`);
    const current = await listRoles(tx);
    const keys = roles.map((r) => r.key);
    const removed = current.map((r) => r.key).filter((key) => !keys.includes(key));
    const added = keys.filter((key) => !current.some((r) => r.key === key));
    const isDefaultChanged = (current.find((r) => r.isDefault)?.key ?? null) !== (roles.find((r) => r.isDefault)?.key ?? null);

    let usersUpdated = 0;
    if (isDefaultChanged || removed.length > 0) {
      // This change moves roles that every payload reads: no other transaction may build a
      // user's payload from the old set while this one computes who changes (it would write
      // an event this one cannot see, or miss one). Readers wait for the few statements
      // below; those already running finish first. Renames and reorders take no such lock.
      // Bounded: a reader that holds the table for long makes this change fail as `retry`
      // rather than stall every writer queued behind it.
      await queryRows(tx, sql`set local lock_timeout = '5s'`);
      await queryRows(tx, sql`lock table roles in access exclusive mode`);
      const removedSql = textArraySql(removed);
      const directories = await queryRows<{ id: string; organization_id: string }>(
        tx,
        isDefaultChanged
          ? sql`select d.id, d.organization_id from directories d
                where exists (select 1 from directory_users u where u.directory_id = d.id) order by d.id`
          : sql`select d.id, d.organization_id from directories d
                where exists (select 1 from role_mappings m where m.directory_id = d.id and m.role_key = any(${removedSql}))
                order by d.id`,
      );
      const after: UserView = {
        roleSources: {
          roles: roleSetSql(roles),
          mappings: sql`(select directory_id, group_id, role_key from role_mappings where not (role_key = any(${removedSql})))`,
        },
      };
      for (const row of directories) {
        const directory = { id: row.id, organizationId: row.organization_id };
        usersUpdated += await writeRoleChanges(tx, directory, {
          candidates: isDefaultChanged
            ? sql`select cu.id from directory_users cu where cu.directory_id = ${directory.id}`
            : sql`select cm.user_id from group_members cm
                  join role_mappings crm on crm.directory_id = cm.directory_id and crm.group_id = cm.group_id
                  where cm.directory_id = ${directory.id} and crm.role_key = any(${removedSql})`,
          after,
        });
      }
    }

    // The mappings of removed roles go with them (on delete cascade).
    await queryRows(tx, sql`delete from roles where not (key = any(${textArraySql(keys)}))`);
    await queryRows(tx, sql`update roles set is_default = false, updated_at = now() where is_default and not (key = any(${textArraySql(roles.filter((r) => r.isDefault).map((r) => r.key))}))`);
    const rows = roles.map((r, position) => ({ key: r.key, name: r.name, description: r.description, position, is_default: r.isDefault }));
    await queryRows(
      tx,
      sql`insert into roles (key, name, description, position, is_default)
          select x.key, x.name, x.description, x.position, x.is_default
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(key text, name text, description text, position int, is_default boolean)
          on conflict (key) do update set name = excluded.name, description = excluded.description,
            position = excluded.position, is_default = excluded.is_default, updated_at = now()
          where (roles.name, roles.description, roles.position, roles.is_default)
                is distinct from (excluded.name, excluded.description, excluded.position, excluded.is_default)`,
    );
    await recordAudit(tx, {
      actor,
      action: "roles.replaced",
      target: { type: "roles", id: undefined },
      data: { roles: keys, added, removed, default: roles.find((r) => r.isDefault)?.key ?? null, usersUpdated },
    });
    return { roles: await listRoles(tx), added, removed, usersUpdated };
  });
}

// ---------------------------------------------------------------------------------------
// A directory's mapping

export async function listRoleMappings(db: Executor, directoryId: string): Promise<GroupRoleMapping[]> {
  const rows = await queryRows<{ group_id: string; display_name: string; roles: string[] }>(
    db,
    sql`select m.group_id, g.display_name, array_agg(m.role_key order by r.position, r.key) as roles
        from role_mappings m
        join directory_groups g on g.directory_id = m.directory_id and g.id = m.group_id
        join roles r on r.key = m.role_key
        where m.directory_id = ${directoryId}
        group by m.group_id, g.display_name
        order by lower(g.display_name), m.group_id`,
  );
  return rows.map((r) => ({ groupId: r.group_id, groupDisplayName: r.display_name, roles: r.roles }));
}

type Pair = { groupId: string; roleKey: string };

/** The pairs of a mapping, checked against the directory's groups and the role set. */
async function checkedPairs(db: Executor, directory: DirectoryRef, mappings: MappingInput): Promise<Pair[]> {
  const pairs = mappingPairs(mappings);
  const groupIds = [...new Set(mappings.map((m) => m.groupId.toLowerCase()))];
  const malformed = groupIds.filter((id) => !isUuid(id));
  const wellFormed = groupIds.filter((id) => isUuid(id));
  const missing =
    wellFormed.length === 0
      ? []
      : (
          await queryRows<{ id: string }>(
            db,
            sql`select x.id::text as id from unnest(${uuidArraySql(wellFormed)}) as x(id)
                where not exists (select 1 from directory_groups g where g.directory_id = ${directory.id} and g.id = x.id)`,
          )
        ).map((r) => r.id);
  const unknownGroups = [...malformed, ...missing];
  if (unknownGroups.length > 0) {
    throw new DirectoryError("invalid_reference", `Unknown group id(s), not groups of this directory: ${quoted(unknownGroups)}`);
  }
  const known = new Set((await listRoles(db)).map((r) => r.key));
  const unknownRoles = [...new Set(pairs.map((p) => p.roleKey))].filter((key) => !known.has(key));
  if (unknownRoles.length > 0) {
    throw new DirectoryError("invalid_reference", `Unknown role key(s), not in the role set: ${quoted(unknownRoles)}`);
  }
  return pairs;
}

function quoted(values: string[]): string {
  const shown = values.slice(0, 20).map((v) => `"${v}"`).join(", ");
  return values.length > 20 ? `${shown} and ${values.length - 20} more` : shown;
}

/** The mapping after the change, as RoleSources see it, and the users it may touch. */
function mappingDiff(directory: DirectoryRef, pairs: readonly Pair[]): RoleDiff {
  const json = JSON.stringify(pairs.map((p) => ({ group_id: p.groupId, role_key: p.roleKey })));
  const next = sql`(select ${directory.id}::uuid as directory_id, x.group_id, x.role_key
                    from jsonb_to_recordset(${json}::jsonb) as x(group_id uuid, role_key text))`;
  // Only members of a group whose roles change can see theirs move.
  const touched = sql`(select group_id from (
      (select group_id, role_key from role_mappings where directory_id = ${directory.id} except select group_id, role_key from ${next} n1)
      union (select group_id, role_key from ${next} n2 except select group_id, role_key from role_mappings where directory_id = ${directory.id})
    ) t)`;
  return {
    candidates: sql`select tm.user_id from group_members tm where tm.directory_id = ${directory.id} and tm.group_id in ${touched}`,
    after: { roleSources: { mappings: next } },
  };
}

/** What replacing the directory's mapping with `mappings` would do to its users' roles. Nothing is written. */
export async function previewRoleMappings(db: Executor, directory: DirectoryRef, mappings: MappingInput): Promise<RolePreview> {
  const pairs = await checkedPairs(db, directory, mappings);
  return previewRoleChanges(db, directory, mappingDiff(directory, pairs));
}

export type MappingChange = {
  mappings: GroupRoleMapping[];
  /** Pairs added and removed. */
  added: number;
  removed: number;
  usersUpdated: number;
};

/**
 * Replaces the directory's mapping (groups not listed, or listed with no roles, map to
 * none). The users whose roles move get user.updated in this transaction.
 */
export async function replaceRoleMappings(
  db: Executor,
  directory: DirectoryRef,
  mappings: MappingInput,
  actor: Actor,
): Promise<MappingChange> {
  return writeTransaction(db, async (tx) => {
    // Lock every group the old or new mapping names, in id order — as a membership change
    // locks its group — so that a member added meanwhile is counted by one side or the other.
    const pairs = await checkedPairs(tx, directory, mappings);
    const named = [...new Set(pairs.map((p) => p.groupId))];
    await queryRows(
      tx,
      sql`select g.id from directory_groups g
          where g.directory_id = ${directory.id}
            and (g.id in (select group_id from role_mappings where directory_id = ${directory.id})
                 ${named.length > 0 ? sql`or g.id = any(${uuidArraySql(named)})` : sql``})
          order by g.id for no key update`,
    );
    const diff = mappingDiff(directory, pairs);
    const usersUpdated = await writeRoleChanges(tx, directory, diff);
    const json = JSON.stringify(pairs.map((p) => ({ group_id: p.groupId, role_key: p.roleKey })));
    const [counts] = await queryRows<{ added: number; removed: number }>(
      tx,
      sql`with next as (select x.group_id, x.role_key from jsonb_to_recordset(${json}::jsonb) as x(group_id uuid, role_key text)),
          removed as (
            delete from role_mappings m where m.directory_id = ${directory.id}
              and not exists (select 1 from next n where n.group_id = m.group_id and n.role_key = m.role_key)
            returning 1
          ),
          added as (
            insert into role_mappings (directory_id, group_id, role_key)
            select ${directory.id}::uuid, n.group_id, n.role_key from next n
            on conflict do nothing returning 1
          )
          select (select count(*)::int from added) as added, (select count(*)::int from removed) as removed`,
    );
    const added = Number(counts?.added ?? 0);
    const removed = Number(counts?.removed ?? 0);
    if (added > 0 || removed > 0) {
      await recordAudit(tx, {
        actor,
        action: "directory.role_mappings_replaced",
        organizationId: directory.organizationId,
        target: { type: "directory", id: directory.id },
        data: { groups: new Set(pairs.map((p) => p.groupId)).size, pairs: pairs.length, added, removed, usersUpdated },
      });
    }
    return { mappings: await listRoleMappings(tx, directory.id), added, removed, usersUpdated };
  });
}

// ---------------------------------------------------------------------------------------
// Membership changes (the SCIM stores call these inside their statements)

/**
 * The role changes of a membership statement on `groupId`: the users it changed (`changed`,
 * a CTE with `user_id`) seen with `after`, their memberships once it has run. Evaluated
 * only when the group maps to a role: otherwise a membership change moves no one's roles
 * and costs one index probe.
 */
export function membershipRoleChangeSql(directory: DirectoryRef, groupId: string, after: UserView) {
  return roleChangeSql(directory, {
    candidates: sql`select user_id from changed`,
    after,
    onlyIf: sql`exists (select 1 from role_mappings om where om.directory_id = ${directory.id} and om.group_id = ${groupId}::uuid)`,
  });
}

/** Before a group is deleted (its memberships and mappings go with it): the user.updated of members whose roles that moves. */
export async function writeGroupDeletionRoleChanges(tx: Executor, directory: DirectoryRef, groupId: string): Promise<number> {
  return writeRoleChanges(tx, directory, {
    candidates: sql`select dm.user_id from group_members dm where dm.directory_id = ${directory.id} and dm.group_id = ${groupId}::uuid`,
    after: { membership: { without: sql`${groupId}::uuid` } },
    onlyIf: sql`exists (select 1 from role_mappings om where om.directory_id = ${directory.id} and om.group_id = ${groupId}::uuid)`,
  });
}

/** The resolved roles of one user (its payload's `roles`), e.g. before a change of `active`. */
export async function resolvedRoles(tx: Executor, directory: DirectoryRef, userId: string): Promise<RoleRef[]> {
  const [row] = await queryRows<{ roles: RoleRef[] }>(
    tx,
    sql`select ${userRolesSql(sql`u`)} as roles from directory_users u where u.directory_id = ${directory.id} and u.id = ${userId}`,
  );
  return row?.roles ?? [];
}

// ---------------------------------------------------------------------------------------
// The portal's Roles section (Groups tab)

/** Groups offered in the section's picker, by name. */
export const PORTAL_GROUP_CHOICES = 1000;

export type PortalRoleMapping = {
  roles: Role[];
  mappings: GroupRoleMapping[];
  /** The directory's groups by name (at most PORTAL_GROUP_CHOICES), to add to the mapping. */
  groups: { id: string; displayName: string; memberCount: number }[];
  groupCount: number;
};

/** Everything the Roles section shows, for the scope's directory. */
export async function portalRoleMapping(scope: DirectoryScope): Promise<PortalRoleMapping> {
  const { db, directory } = scope;
  const [roles, mappings, groups, counted] = await Promise.all([
    listRoles(db),
    listRoleMappings(db, directory.id),
    queryRows<{ id: string; display_name: string; member_count: number }>(
      db,
      sql`select id, display_name, member_count from directory_groups where directory_id = ${directory.id}
          order by lower(display_name), id limit ${PORTAL_GROUP_CHOICES}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from directory_groups where directory_id = ${directory.id}`),
  ]);
  return {
    roles,
    mappings,
    groups: groups.map((g) => ({ id: g.id, displayName: g.display_name, memberCount: Number(g.member_count) })),
    groupCount: Number(counted[0]?.n ?? 0),
  };
}
