// The event payload contract: what every event, feed entry, webhook delivery and REST read
// says about a user, a group or a directory. One builder writes each shape — an SQL
// expression over the row, so that a single-resource change and a set-based membership
// statement of 10,000 rows build the same JSON inside Postgres without loading a row into
// JavaScript — and one set of types (below) reads it.
//
// A payload carries the resource's whole state after the change (for a deletion, as it
// stood before), with its `version`, so a consumer can apply events in any order and
// idempotently: keep the highest version seen per resource.
import { type SQL, sql } from "drizzle-orm";
import { type EventType } from "@/db/schema";
import { ENTERPRISE_USER_SCHEMA } from "@/lib/scim/schema";

// ---------------------------------------------------------------------------------------
// The reader's side: the shapes, as consumers see them (README, OpenAPI).

export type GroupRef = { id: string; displayName: string };

/** A role of the application (PUT /api/v1/roles), as a user's `roles` names it. */
export type RoleRef = { key: string; name: string };

export type NormalizedUser = {
  id: string;
  directoryId: string;
  organizationId: string;
  userName: string;
  externalId: string | null;
  active: boolean;
  name: { givenName: string | null; familyName: string | null; formatted: string | null };
  displayName: string | null;
  /** The person's name as Roster shows it: formatted name, else given + family name, else displayName, else userName. */
  fullName: string;
  /** The primary email (else the work one, else the first). */
  email: string | null;
  emails: { value?: string; type?: string; primary?: boolean }[];
  title: string | null;
  department: string | null;
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  manager: { id: string | null; displayName: string | null } | null;
  groups: GroupRef[];
  /**
   * The roles the user's groups map to in this directory (their union, in the order of the
   * role set); none mapped: the default role, if there is one. A deactivated user has none.
   */
  roles: RoleRef[];
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The SCIM attributes as the provider sent them (canonical names), with the id. */
  raw: Record<string, unknown>;
};

export type NormalizedGroup = {
  id: string;
  directoryId: string;
  organizationId: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  raw: Record<string, unknown>;
};

export type DirectoryState = {
  id: string;
  organizationId: string;
  name: string;
  provider: string;
  status: "active" | "disabled";
  /** directory.silent / directory.active_again: the last successful request before the silence. */
  lastActivityAt?: string;
  /** directory.silent: how long the directory may be quiet before it is flagged. */
  expectedActivityMinutes?: number;
};

/** Top-level attributes that changed, with their values before the change (null: absent). */
export type PreviousAttributes = Record<string, unknown>;

export type UserEventData = { user: NormalizedUser; previous?: PreviousAttributes };
export type GroupEventData = { group: NormalizedGroup; previous?: PreviousAttributes };
export type MembershipEventData = { group: NormalizedGroup; user: NormalizedUser };
/** A deprovisioning hold (lib/directory/deprovision-guard.ts), on its directory.deprovisioning_* events. */
export type HoldSummary = {
  id: string;
  /** Users deactivated or deleted within the window when the hold began. */
  deprovisioned: number;
  /** The directory's users then (including those deleted within the window). */
  users: number;
  percent: number;
  windowMinutes: number;
  /** directory.deprovisioning_released / _discarded: how many held events were delivered or dropped. */
  events?: number;
};

export type DirectoryEventData = { directory: DirectoryState; hold?: HoldSummary };

export type UserEventType = Extract<EventType, `user.${string}`>;
export type GroupEventType = Extract<EventType, "group.created" | "group.updated" | "group.deleted">;
export type MembershipEventType = Extract<EventType, "group.member_added" | "group.member_removed">;
export type DirectoryEventType = Extract<EventType, `directory.${string}`>;

/** Every event's data, by type. */
export type EventData =
  | { type: UserEventType; data: UserEventData }
  | { type: GroupEventType; data: GroupEventData }
  | { type: MembershipEventType; data: MembershipEventData }
  | { type: DirectoryEventType; data: DirectoryEventData };

// ---------------------------------------------------------------------------------------
// The builder's side: SQL expressions over a row alias.

/** ISO 8601 in UTC with milliseconds, whatever the session's TimeZone. */
export const isoSql = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ENTERPRISE = sql.raw(`'${ENTERPRISE_USER_SCHEMA}'`);

/**
 * User `u`'s memberships as a statement that changes them sees them once it has run (a
 * statement reads the rows as they were before it): without one group, plus one group, or
 * none at all. Default: the group_members rows as read.
 */
export type MembershipView = { without?: SQL; plus?: { id: SQL; displayName: SQL } } | "none";

/**
 * The role tables as a change being written will leave them (a statement cannot read its
 * own writes either). `mappings`: a relation (directory_id, group_id, role_key); `roles`:
 * (key, name, position, is_default). Default: the role_mappings and roles tables.
 */
export type RoleSources = { mappings?: SQL; roles?: SQL };

/** How a payload sees the user's memberships and the role tables (see the two types above). */
export type UserView = { membership?: MembershipView; roleSources?: RoleSources };

/** The group ids of user `u`, as a subquery of one column. */
function userGroupIdsSql(u: SQL, membership: MembershipView = {}): SQL {
  if (membership === "none") return sql`select null::uuid where false`;
  const without = membership.without ? sql` and rgm.group_id <> ${membership.without}` : sql``;
  const plus = membership.plus ? sql` union all select ${membership.plus.id}::uuid` : sql``;
  return sql`select rgm.group_id from group_members rgm
             where rgm.directory_id = ${u}.directory_id and rgm.user_id = ${u}.id${without}${plus}`;
}

/** The groups of user `u`, by name: what `groups` holds unless the caller says otherwise. */
export function userGroupsSql(u: SQL, membership: MembershipView = {}): SQL {
  if (membership === "none") return sql`'[]'::jsonb`;
  const without = membership.without ? sql` and ugm.group_id <> ${membership.without}` : sql``;
  const plus = membership.plus
    ? sql` union all select ${membership.plus.id}::uuid, ${membership.plus.displayName}::text`
    : sql``;
  return sql`coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'displayName', x.name) order by lower(x.name), x.id)
    from (select ug.id, ug.display_name as name from group_members ugm
          join directory_groups ug on ug.directory_id = ugm.directory_id and ug.id = ugm.group_id
          where ugm.directory_id = ${u}.directory_id and ugm.user_id = ${u}.id${without}${plus}) x), '[]'::jsonb)`;
}

/**
 * The resolved roles of user `u` (a jsonb array of {key, name}), the one place they are
 * computed: the union of the roles its groups map to in its directory, in the role set's
 * order; when they map to none, the default role (if one is defined); a deactivated user
 * has no role. Costs a lookup of the user's memberships (group_members_user_idx) against
 * the directory's mappings: independent of the size of any group.
 */
export function userRolesSql(u: SQL, view: UserView = {}): SQL {
  const roles = view.roleSources?.roles ?? sql`roles`;
  const mappings = view.roleSources?.mappings ?? sql`role_mappings`;
  return sql`case when ${u}.active then coalesce(
      (select jsonb_agg(jsonb_build_object('key', rr.key, 'name', rr.name) order by rr.position, rr.key)
       from ${roles} rr
       where rr.key in (select rm.role_key from ${mappings} rm
                        where rm.directory_id = ${u}.directory_id and rm.group_id in (${userGroupIdsSql(u, view.membership)}))),
      (select jsonb_agg(jsonb_build_object('key', rd.key, 'name', rd.name)) from ${roles} rd where rd.is_default),
      '[]'::jsonb)
    else '[]'::jsonb end`;
}

/** The keys of a roles array (userRolesSql), sorted: equal exactly when the user's roles are the same. */
export function roleKeysSql(roles: SQL): SQL {
  return sql`(select coalesce(array_agg(rk ->> 'key' order by rk ->> 'key'), '{}'::text[]) from jsonb_array_elements(${roles}) rk)`;
}

/** lib/directory/person-name.ts personName, in SQL, over row alias `u`. */
export function personNameSql(u: SQL): SQL {
  return sql`coalesce(
    nullif(btrim(${u}.data -> 'name' ->> 'formatted'), ''),
    nullif(concat_ws(' ', nullif(btrim(${u}.given_name), ''), nullif(btrim(${u}.family_name), '')), ''),
    nullif(btrim(${u}.display_name), ''),
    ${u}.user_name)`;
}

/**
 * The NormalizedUser of row alias `u` (a directory_users row). `groups` and `roles` are the
 * user's current ones; a statement that changes memberships or mappings passes `view`, how
 * they are after it.
 */
export function userJsonSql(u: SQL, organizationId: string, view: UserView = {}): SQL {
  const ent = sql`(${u}.data -> ${ENTERPRISE})`;
  const manager = sql`(${ent} -> 'manager')`;
  return sql`jsonb_build_object(
    'id', ${u}.id, 'directoryId', ${u}.directory_id, 'organizationId', ${organizationId}::uuid,
    'userName', ${u}.user_name, 'externalId', ${u}.external_id, 'active', ${u}.active,
    'name', jsonb_build_object('givenName', ${u}.given_name, 'familyName', ${u}.family_name,
                               'formatted', ${u}.data -> 'name' ->> 'formatted'),
    'displayName', ${u}.display_name, 'fullName', ${personNameSql(u)}, 'email', ${u}.primary_email,
    'emails', case when jsonb_typeof(${u}.data -> 'emails') = 'array' then ${u}.data -> 'emails' else '[]'::jsonb end,
    'title', ${u}.data ->> 'title',
    'department', ${ent} ->> 'department', 'employeeNumber', ${ent} ->> 'employeeNumber',
    'costCenter', ${ent} ->> 'costCenter', 'organization', ${ent} ->> 'organization',
    'division', ${ent} ->> 'division',
    'manager', case jsonb_typeof(${manager})
                 when 'object' then jsonb_build_object('id', ${manager} ->> 'value', 'displayName', ${manager} ->> 'displayName')
                 when 'string' then jsonb_build_object('id', ${manager} #>> '{}', 'displayName', null)
                 else null end,
    'groups', ${userGroupsSql(u, view.membership)},
    'roles', ${userRolesSql(u, view)},
    'version', ${u}.version,
    'createdAt', ${isoSql(sql`${u}.created_at`)}, 'updatedAt', ${isoSql(sql`${u}.updated_at`)},
    'raw', ${u}.data || jsonb_build_object('id', ${u}.id))`;
}

/** The NormalizedGroup of row alias `g` (a directory_groups row). */
export function groupJsonSql(g: SQL, organizationId: string): SQL {
  return sql`jsonb_build_object(
    'id', ${g}.id, 'directoryId', ${g}.directory_id, 'organizationId', ${organizationId}::uuid,
    'displayName', ${g}.display_name, 'externalId', ${g}.external_id, 'memberCount', ${g}.member_count,
    'version', ${g}.version,
    'createdAt', ${isoSql(sql`${g}.created_at`)}, 'updatedAt', ${isoSql(sql`${g}.updated_at`)},
    'raw', ${g}.data || jsonb_build_object('id', ${g}.id))`;
}

/**
 * What changed between two stored SCIM representations: each top-level attribute whose
 * value differs, with its value before (null when it was absent). Extension attributes
 * are compared per attribute inside their schema URN.
 */
export function previousAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  same: (a: unknown, b: unknown) => boolean,
): PreviousAttributes {
  const previous: PreviousAttributes = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (same(a, b)) continue;
    if (key.startsWith("urn:") && isObject(a) && isObject(b)) {
      const inner = previousAttributes(a, b, same);
      for (const [k, v] of Object.entries(inner)) previous[`${key}:${k}`] = v;
      continue;
    }
    previous[key] = a ?? null;
  }
  return previous;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
